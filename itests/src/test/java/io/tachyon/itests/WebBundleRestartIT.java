package io.tachyon.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadState;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

/**
 * Boots Felix from the core, console and web features, serves a capture (written through the running storage
 * bundle) with {@code tachyon:view}, and stops and starts the web bundle in the running framework: while it is
 * stopped the viewer is gone, and afterwards the same URL serves the page and the same capture again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebBundleRestartIT {

    private static final String[] FEATURES = {"core", "console", "web"};
    private static final long START = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor commandProcessor;

    @Inject
    private CaptureStore store;

    @Configuration
    public Option[] configuration() {
        return options(
                FeatureOptions.bundles(FeatureOptions.features(FEATURES)),
                systemProperty("tachyon.root").value(FeatureOptions.root().toString()),
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"),
                junitBundles());
    }

    @Test
    public void theViewerComesBackAtTheSameUrlAfterItsBundleRestarts() throws Exception {
        Path capture = writeCapture();
        String url = view(capture);
        assertTrue(url, url.matches("http://127\\.0\\.0\\.1:\\d+/"));
        assertEquals(200, get(url).statusCode());
        String captures = get(url + "api/captures").body();
        assertTrue(captures, captures.contains("\"name\":\"restart.tcap\"") && captures.contains("\"sampleCount\":10"));

        Bundle web = bundle("io.tachyon.web");
        web.stop();
        assertEquals("nothing answers for the viewer while its bundle is stopped", 404,
                get(url + "api/captures").statusCode());
        web.start();

        HttpResponse<String> again = awaitOk(url + "api/captures");
        assertEquals(captures, again.body());
        assertTrue(get(url).body().toLowerCase().contains("<html"));
        String summary = awaitOk(url + "api/captures/0/summary").body();
        assertTrue(summary, summary.contains("\"sampledNanos\":10000000"));
        assertEquals("tachyon:view after the restart gives the same URL", url, view(capture));
    }

    /** One thread of process 42 runs on CPU 0 for 10 ms, sampled every millisecond. */
    private Path writeCapture() throws Exception {
        Path file = Files.createTempDirectory("tachyon-web-it-").resolve("restart.tcap");
        try (CaptureWriter writer = store.create(file)) {
            writer.metadata(new CaptureMetadata("test", "1.0", "testhost", "6.1.0-test", "x86_64", "Test CPU", 1,
                    List.of("/bin/true"), "CLOCK_MONOTONIC", START, 0, Map.of()));
            writer.accept(new ThreadName(START, 42, 42, "busy", true));
            writer.accept(new ContextSwitch(START, 0, 0, 0, ThreadState.RUNNING, 42, 42, new long[0], new long[0]));
            for (int ms = 1; ms <= 10; ms++) {
                writer.accept(new Sample(START + ms * MS, 0, 42, 42, MS, new long[0], new long[] {0x401000}));
            }
            writer.accept(new ContextSwitch(START + 10 * MS, 0, 42, 42, ThreadState.DEAD, 0, 0, new long[0],
                    new long[0]));
        }
        return file;
    }

    private String view(Path capture) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        try (CommandSession session = commandProcessor.createSession(new ByteArrayInputStream(new byte[0]), out,
                out)) {
            Object url = session.execute("tachyon:view " + capture);
            assertNotNull("tachyon:view returned nothing: " + output.toString(StandardCharsets.UTF_8), url);
            return url.toString();
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Components come up asynchronously after a bundle start; a few seconds at most. */
    private static HttpResponse<String> awaitOk(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> response = get(url);
        while (response.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = get(url);
        }
        assertEquals(url + ": " + response.body(), 200, response.statusCode());
        return response;
    }
}
