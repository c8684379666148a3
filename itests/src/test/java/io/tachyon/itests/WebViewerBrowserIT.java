package io.tachyon.itests;

import static io.tachyon.itests.Tachyon.compile;
import static io.tachyon.itests.Tachyon.requireKernelRecording;
import static io.tachyon.itests.Tachyon.tachyon;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Records thread_states.c (named threads that sleep, lock, write and burn CPU), serves the capture with
 * {@code bin/tachyon view} and drives the page in headless Chromium (Debian's chromium and chromedriver; Selenium
 * Manager is never asked to download anything). It reads the state colours from the legend, classifies the real
 * canvas pixels of each thread's row, drags a range on the ruler and clicks a wait of the waiter thread.
 * Screenshots go to target/viewer-*.png.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebViewerBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target");
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static Process server;
    private static String baseUrl;
    private static ChromeDriver browser;
    private static Map<String, int[]> stateColors;

    @BeforeAll
    static void recordServeAndOpen() throws Exception {
        requireKernelRecording();
        requireBrowser();
        Path program = compile("thread_states.c", dir, "-pthread");
        Path capture = dir.resolve("states.tcap");
        Tachyon.Result record = tachyon("record", "-o", capture.toString(), "--", program.toString(), dir.toString(),
                "50000");
        assertThat(record.exitStatus()).as(record.toString()).isZero();

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        baseUrl = "http://127.0.0.1:" + port + "/";
        Path log = dir.resolve("view.log");
        server = new ProcessBuilder(Tachyon.home().resolve("bin/tachyon").toString(), "view", capture.toString(),
                "--port", String.valueOf(port)).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        awaitServer(log);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1600,1000", "--force-device-scale-factor=1");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(PAGE_TIMEOUT);
        browser.get(baseUrl);
        awaitIdle();
        stateColors = legendColors();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
        }
    }

    @Test
    @Order(1)
    void theNamedThreadsAreDrawnInTheColoursOfTheirStates() throws Exception {
        Map<String, JsonObject> rows = rowsByName();
        assertThat(rows.keySet()).as("thread rows drawn")
                .contains("sleeper", "holder", "waiter", "writer", "ping", "pong", "hog-0", "hog-1");
        WebElement canvas = browser.findElement(By.id("timeline"));
        for (JsonObject row : rows.values()) {
            WebElement label = browser.findElement(By.cssSelector("[data-thread='" + row.get("key").getAsString() + "']"));
            assertThat(label.getRect().getY() - canvas.getRect().getY()).as("label of " + row)
                    .isEqualTo(row.get("top").getAsInt());
        }

        Map<String, Double> sleeper = stateShares(rows.get("sleeper"));
        assertThat(sleeper.get("SLEEPING")).as("sleeper's pixels by state " + sleeper).isGreaterThan(0.8);
        // More hogs than CPUs: a hog runs part of its life and waits for a CPU the rest, in the share the
        // capture says (the pixels are the server's level of detail drawn: within a few percent of it).
        Map<String, Double> hog = stateShares(rows.get("hog-0"));
        double hogRunning = summaryShare("hog-0", "RUNNING");
        assertThat(hog.get("RUNNING") + hog.get("RUNNABLE")).as("hog-0's pixels by state " + hog).isGreaterThan(0.9);
        assertThat(hog.get("RUNNING")).as("hog-0's green pixels, the capture says it ran " + hogRunning)
                .isPositive().isCloseTo(hogRunning, org.assertj.core.data.Offset.offset(0.08));
        Map<String, Double> waiter = stateShares(rows.get("waiter"));
        assertThat(waiter.get("SLEEPING")).as("waiter's pixels by state " + waiter).isGreaterThan(0.5);

        // The screenshot shows the same pixels as the canvas: a sleeping point of the sleeper's row.
        BufferedImage screenshot = screenshot("viewer-timeline");
        JsonObject sleeperRow = rows.get("sleeper");
        int y = canvas.getRect().getY() + sleeperRow.get("top").getAsInt() + sleeperRow.get("barTop").getAsInt()
                + sleeperRow.get("barHeight").getAsInt() / 2;
        int x = firstColumnOf(sleeperRow, "SLEEPING");
        assertThat(nearestState(rgb(screenshot.getRGB(canvas.getRect().getX() + x, y))))
                .as("screenshot pixel of the sleeper at x=" + x).isEqualTo("SLEEPING");
    }

    @Test
    @Order(2)
    void draggingARangeOnTheRulerChangesTheCallTree() throws Exception {
        Map<String, Long> before = callTreeRows();
        long totalBefore = before.get("(all)");
        assertThat(totalBefore).as("call tree of the whole capture " + before).isPositive();

        WebElement ruler = browser.findElement(By.id("ruler"));
        int width = ruler.getRect().getWidth();
        new Actions(browser).moveToElement(ruler, -width / 2 + width / 10, 0).clickAndHold()
                .moveByOffset(width / 5, 0).moveByOffset(width / 10, 0).release().perform();
        awaitIdle();

        JsonElement selection = JsonParser.parseString(String.valueOf(browser.executeScript(
                "return JSON.stringify(tachyonViewer.selection())")));
        assertThat(selection.isJsonObject()).as("the dragged range is the selection: " + selection).isTrue();
        long selected = selection.getAsJsonObject().get("to").getAsLong() - selection.getAsJsonObject().get("from").getAsLong();
        JsonObject capture = json("return JSON.stringify(tachyonViewer.capture())");
        assertThat((double) selected / (capture.get("end").getAsLong() - capture.get("start").getAsLong()))
                .as("share of the capture selected by dragging 30% of the ruler").isBetween(0.25, 0.35);
        assertThat(browser.findElement(By.id("selection-label")).getText()).isNotEqualTo("Whole capture");
        Map<String, Long> after = callTreeRows();
        assertThat(after.get("(all)")).as("call tree of the selection " + after).isPositive()
                .isLessThan(totalBefore);
        assertThat(after).as("the call tree's rows and numbers follow the selection").isNotEqualTo(before);
        screenshot("viewer-selection");
    }

    @Test
    @Order(3)
    void clickingAWaitOfTheWaiterShowsTheHolderAsItsWaker() throws Exception {
        Map<String, JsonObject> rows = rowsByName();
        JsonObject waiter = rows.get("waiter");
        JsonObject holder = rows.get("holder");
        JsonObject wait = waitWokenBy(waiter, "holder");
        // Esc clears the selected range, whose translucent overlay would tint the pixels checked below.
        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        awaitIdle();
        assertThat(browser.executeScript("return tachyonViewer.selection()")).as("selection after Esc").isNull();
        long start = wait.get("start").getAsLong();
        long end = wait.get("end").getAsLong();
        long span = end - start;
        browser.executeScript("tachyonViewer.setView(arguments[0], arguments[1])", start - span, end + span);
        awaitIdle();

        WebElement canvas = browser.findElement(By.id("timeline"));
        long middle = start + span / 2;
        int x = ((Number) browser.executeScript("return Math.round(tachyonViewer.timeToX(arguments[0]))", middle))
                .intValue();
        int y = waiter.get("top").getAsInt() + waiter.get("barTop").getAsInt() + waiter.get("barHeight").getAsInt() / 2;
        screenshot("viewer-before-click");
        assertThat(nearestState(canvasPixel(x, y))).as("the pixel of the wait before the click").isEqualTo("SLEEPING");
        new Actions(browser).moveToElement(canvas, x - canvas.getRect().getWidth() / 2,
                y - canvas.getRect().getHeight() / 2).click().perform();
        awaitIdle();

        WebElement details = browser.findElement(By.id("details"));
        assertThat(details.isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("details-state")).getAttribute("data-state")).isEqualTo("SLEEPING");
        assertThat(browser.findElement(By.id("details-thread")).getAttribute("data-thread"))
                .isEqualTo(waiter.get("key").getAsString());
        WebElement waker = browser.findElement(By.id("details-waker"));
        assertThat(waker.getAttribute("data-thread")).isEqualTo(holder.get("key").getAsString());
        assertThat(waker.getText()).contains("holder");
        assertThat(browser.findElement(By.id("wait-stack")).getText()).contains("waiter_blocks")
                .contains("pthread_mutex_lock");
        assertThat(browser.findElement(By.id("waker-stack")).getText()).contains("holder_works_locked")
                .contains("pthread_mutex_unlock");
        screenshot("viewer-wait");

        browser.findElement(By.id("goto-waker")).click();
        awaitIdle();
        assertThat(browser.findElement(By.cssSelector("[data-thread='" + holder.get("key").getAsString() + "']"))
                .getAttribute("class")).contains("highlighted");
        long wakeTime = Long.parseLong(waker.getAttribute("data-time"));
        JsonObject view = json("return JSON.stringify(tachyonViewer.view())");
        assertThat(wakeTime).as("the wake-up is in view").isBetween(view.get("from").getAsLong(),
                view.get("to").getAsLong());
        screenshot("viewer-waker");
    }

    @Test
    @Order(4)
    void theLinesTabShowsTheHottestSourceLines() throws Exception {
        browser.findElement(By.cssSelector("#tabs button[data-tab='lines']")).click();
        awaitIdle();

        List<WebElement> rows = browser.findElements(By.cssSelector("#line-table tr.line-row"));
        assertThat(rows).as("rows of the lines panel").isNotEmpty();
        // The hogs and the holder spin in spin_for's loop: its lines are the program's hottest (kernel code, which
        // has no line information here, shows as ?? and may come first).
        WebElement hottest = rows.stream()
                .filter(row -> row.findElements(By.tagName("td")).get(0).getText().startsWith("thread_states.c:"))
                .findFirst().orElseThrow(() -> new AssertionError("no line of thread_states.c in the panel: "
                        + browser.findElement(By.id("line-table")).getText()));
        List<WebElement> cells = hottest.findElements(By.tagName("td"));
        assertThat(cells.get(0).getText()).matches("thread_states\\.c:\\d+");
        assertThat(cells.get(1).getText()).isEqualTo("spin_for");
        assertThat(hottest.getAttribute("title")).endsWith("/" + cells.get(0).getText());
        screenshot("viewer-lines");
    }

    // ---- page helpers ----

    private static void awaitIdle() {
        new WebDriverWait(browser, PAGE_TIMEOUT).until(driver -> {
            Object error = ((JavascriptExecutor) driver).executeScript(
                    "return window.tachyonViewer ? tachyonViewer.error : 'no tachyonViewer'");
            if (error != null && !"no tachyonViewer".equals(error)) {
                throw new AssertionError("the page failed: " + error);
            }
            return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                    "return !!window.tachyonViewer && tachyonViewer.idle()"));
        });
        // One more frame, so what the last answer changed is painted.
        browser.executeAsyncScript("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(done));");
    }

    private static JsonObject json(String code) {
        return JsonParser.parseString(String.valueOf(browser.executeScript(code))).getAsJsonObject();
    }

    private static Map<String, JsonObject> rowsByName() {
        JsonArray rows = JsonParser.parseString(String.valueOf(browser.executeScript(
                "return JSON.stringify(tachyonViewer.rows())"))).getAsJsonArray();
        Map<String, JsonObject> byName = new LinkedHashMap<>();
        for (JsonElement row : rows) {
            byName.putIfAbsent(row.getAsJsonObject().get("name").getAsString(), row.getAsJsonObject());
        }
        return byName;
    }

    /** The legend's swatch colours, as the page renders them. */
    private static Map<String, int[]> legendColors() {
        Map<String, int[]> colors = new HashMap<>();
        for (WebElement item : browser.findElements(By.cssSelector("#legend [data-state]"))) {
            String css = item.findElement(By.className("swatch")).getCssValue("background-color");
            String[] parts = css.replaceAll("[^0-9,]", "").split(",");
            colors.put(item.getAttribute("data-state"), new int[] {Integer.parseInt(parts[0]),
                    Integer.parseInt(parts[1]), Integer.parseInt(parts[2])});
        }
        assertThat(colors.keySet()).contains("RUNNING", "RUNNABLE", "SLEEPING", "BLOCKED_IO", "UNKNOWN");
        return colors;
    }

    /** The RGB of every column of the row's state bar, read from the canvas. */
    private static int[][] rowPixels(JsonObject row) {
        int y = row.get("top").getAsInt() + row.get("barTop").getAsInt() + row.get("barHeight").getAsInt() / 2;
        String pixels = String.valueOf(browser.executeScript("""
                const canvas = document.getElementById('timeline');
                const ratio = canvas.width / canvas.clientWidth;
                const data = canvas.getContext('2d').getImageData(0, Math.floor(arguments[0] * ratio), canvas.width, 1).data;
                const columns = [];
                for (let x = 0; x < canvas.clientWidth; x++) {
                  const i = Math.floor(x * ratio) * 4;
                  columns.push([data[i], data[i + 1], data[i + 2]].join(','));
                }
                return columns.join(';');""", y));
        String[] columns = pixels.split(";");
        int[][] rgb = new int[columns.length][];
        for (int x = 0; x < columns.length; x++) {
            String[] parts = columns[x].split(",");
            rgb[x] = new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
        }
        return rgb;
    }

    private static int[] canvasPixel(int x, int y) {
        JsonArray rgb = JsonParser.parseString(String.valueOf(browser.executeScript("""
                const canvas = document.getElementById('timeline');
                const ratio = canvas.width / canvas.clientWidth;
                const d = canvas.getContext('2d').getImageData(Math.floor(arguments[0] * ratio),
                    Math.floor(arguments[1] * ratio), 1, 1).data;
                return JSON.stringify([d[0], d[1], d[2]]);""", x, y))).getAsJsonArray();
        return new int[] {rgb.get(0).getAsInt(), rgb.get(1).getAsInt(), rgb.get(2).getAsInt()};
    }

    /** Share of the row's state-coloured columns per state (columns where the thread did not exist are left out). */
    private static Map<String, Double> stateShares(JsonObject row) {
        Map<String, Integer> counts = new HashMap<>();
        int coloured = 0;
        for (int[] pixel : rowPixels(row)) {
            String state = nearestState(pixel);
            if (state != null) {
                counts.merge(state, 1, Integer::sum);
                coloured++;
            }
        }
        assertThat(coloured).as("state-coloured pixels in the row of " + row).isGreaterThan(20);
        Map<String, Double> shares = new HashMap<>();
        for (String state : stateColors.keySet()) {
            shares.put(state, counts.getOrDefault(state, 0) / (double) coloured);
        }
        return shares;
    }

    private static int firstColumnOf(JsonObject row, String state) {
        int[][] pixels = rowPixels(row);
        for (int x = 2; x < pixels.length - 2; x++) {
            if (state.equals(nearestState(pixels[x - 1])) && state.equals(nearestState(pixels[x]))
                    && state.equals(nearestState(pixels[x + 1]))) {
                return x;
            }
        }
        throw new AssertionError("no " + state + " pixels in the row of " + row);
    }

    /** The state whose legend colour the pixel has (within a small distance), or null (background, ticks). */
    private static String nearestState(int[] pixel) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Map.Entry<String, int[]> entry : stateColors.entrySet()) {
            int[] c = entry.getValue();
            int distance = Math.abs(c[0] - pixel[0]) + Math.abs(c[1] - pixel[1]) + Math.abs(c[2] - pixel[2]);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = entry.getKey();
            }
        }
        return bestDistance <= 12 ? best : null;
    }

    private static int[] rgb(int argb) {
        return new int[] {(argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff};
    }

    /** The call tree panel's rows: function name to total nanoseconds (the first row of each name). */
    private static Map<String, Long> callTreeRows() {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("#panel-calltree .tree-row"))) {
            rows.putIfAbsent(row.getAttribute("data-name"), Long.parseLong(row.getAttribute("data-total-nanos")));
        }
        assertThat(rows).as("call tree rows").containsKey("(all)");
        return rows;
    }

    private static BufferedImage screenshot(String name) throws IOException {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    // ---- server helpers ----

    /** The share of a thread's known life in a state, as the server's summary gives it. */
    private static double summaryShare(String threadName, String state) throws Exception {
        JsonObject summary = JsonParser.parseString(get("api/captures/0/summary")).getAsJsonObject();
        for (JsonElement process : summary.getAsJsonArray("processes")) {
            for (JsonElement thread : process.getAsJsonObject().getAsJsonArray("threads")) {
                if (thread.getAsJsonObject().get("name").getAsString().equals(threadName)) {
                    JsonObject states = thread.getAsJsonObject().getAsJsonObject("states");
                    double all = 0;
                    for (Map.Entry<String, JsonElement> entry : states.entrySet()) {
                        all += entry.getValue().getAsLong();
                    }
                    return states.has(state) ? states.get(state).getAsLong() / all : 0;
                }
            }
        }
        throw new AssertionError("no thread " + threadName + " in the summary");
    }

    /** One of the waiter's waits that the server says the named thread ended, from the JSON API. */
    private static JsonObject waitWokenBy(JsonObject thread, String wakerName) throws Exception {
        JsonObject answer = JsonParser.parseString(get("api/captures/0/waits?pid=" + thread.get("pid").getAsInt()
                + "&tid=" + thread.get("tid").getAsInt())).getAsJsonObject();
        List<JsonObject> candidates = new ArrayList<>();
        for (JsonElement element : answer.getAsJsonArray("waits")) {
            JsonObject wait = element.getAsJsonObject();
            if (wait.get("state").getAsString().equals("SLEEPING") && wait.has("waker") && wait.get("waker").isJsonObject()
                    && wait.getAsJsonObject("waker").get("name").getAsString().equals(wakerName)) {
                candidates.add(wait);
            }
        }
        assertThat(candidates).as("waits of " + thread + " woken by " + wakerName).isNotEmpty();
        return candidates.stream().max((a, b) -> Long.compare(a.get("end").getAsLong() - a.get("start").getAsLong(),
                b.get("end").getAsLong() - b.get("start").getAsLong())).orElseThrow();
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static void awaitServer(Path log) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("bin/tachyon view exited " + server.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "api/captures"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // The framework is still starting.
            }
            Thread.sleep(250);
        }
        throw new AssertionError("bin/tachyon view did not answer at " + baseUrl + " within 90 s:\n"
                + Files.readString(log));
    }

    private static void requireBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String reason = "the browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                + CHROMEDRIVER + ")";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + reason);
        }
        System.out.println("SKIPPED: " + reason);
        org.junit.jupiter.api.Assumptions.abort(reason);
    }
}
