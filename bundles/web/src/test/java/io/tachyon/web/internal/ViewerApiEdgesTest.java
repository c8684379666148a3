package io.tachyon.web.internal;

import static io.tachyon.web.internal.TestCapture.APP;
import static io.tachyon.web.internal.TestCapture.APP_START;
import static io.tachyon.web.internal.TestCapture.MS;
import static io.tachyon.web.internal.TestCapture.PID;
import static io.tachyon.web.internal.TestCapture.START;
import static io.tachyon.web.internal.TestCapture.app;
import static io.tachyon.web.internal.TestCapture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CaptureModelFactory;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadState;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API on captures unlike {@link TestCapture}'s, and when things go wrong. */
class ViewerApiEdgesTest {

    /** The requests of the page's first load and of a click on a thread, each must answer. */
    private static final List<String> PAGE_REQUESTS = List.of("/captures", "/captures/0/summary",
            "/captures/0/timeline", "/captures/0/samples", "/captures/0/calltree", "/captures/0/functions",
            "/captures/0/findings");

    @TempDir
    Path dir;

    private final Executor inline = Runnable::run;

    @Test
    void theIdleTaskListedInTheSummaryCanBeInAThreadFilter() throws Exception {
        List<CaptureEvent> events = appEvents();
        // A sampled idle CPU: the summary lists thread 0:0, so the page's thread filter may name it.
        events.add(new Sample(at(3), 1, 0, 0, MS, new long[0], new long[0]));
        ViewerApi api = api(events);
        assertThat(get(api, "/captures/0/summary").toString()).contains("\"pid\":0,\"tid\":0");

        JsonObject timeline = get(api, "/captures/0/timeline", "threads", "0:0,100:100").getAsJsonObject();
        assertThat(timeline.getAsJsonArray("threads")).extracting(t -> t.getAsJsonObject().get("tid").getAsInt())
                .containsExactly(100);
        assertThatThrownBy(() -> get(api, "/captures/0/timeline", "threads", "0:7"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aWindowLongerThanALongIsABadRequestNotAWrongPicture() throws Exception {
        ViewerApi api = api(appEvents());
        for (String path : List.of("/captures/0/timeline", "/captures/0/samples")) {
            assertThatThrownBy(() -> get(api, path, "from", Long.MIN_VALUE, "to", Long.MAX_VALUE, "width", 10))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.getMessage()).contains("'from'", "'to'");
                    });
        }
        // The call tree's window is not a picture: every sample.
        assertThat(get(api, "/captures/0/calltree", "from", Long.MIN_VALUE, "to", Long.MAX_VALUE).getAsJsonObject()
                .get("totalSamples").getAsLong()).isEqualTo(4);
    }

    @Test
    void anEmptyCaptureAnswersEveryRequest() throws Exception {
        ViewerApi api = api(List.of());
        for (String path : PAGE_REQUESTS) {
            assertThat(get(api, path)).as(path).isNotNull();
        }
        JsonObject timeline = get(api, "/captures/0/timeline").getAsJsonObject();
        assertThat(timeline.get("from").getAsLong()).isEqualTo(timeline.get("to").getAsLong());
        assertThat(timeline.getAsJsonArray("threads")).isEmpty();
        assertThat(timeline.getAsJsonArray("cpus")).isEmpty();
        assertThat(get(api, "/captures/0/calltree").getAsJsonObject().get("totalSamples").getAsLong()).isZero();
    }

    @Test
    void aCaptureWithoutSwitchesHasRunsWhereSamplesAreAndNoWaits() throws Exception {
        List<CaptureEvent> events = new ArrayList<>(appEvents());
        events.removeIf(ContextSwitch.class::isInstance);
        ViewerApi api = api(events);
        for (String path : PAGE_REQUESTS) {
            assertThat(get(api, path)).as(path).isNotNull();
        }
        assertThat(get(api, "/captures/0/summary").getAsJsonObject().get("hasThreadStates").getAsBoolean()).isFalse();
        JsonObject timeline = get(api, "/captures/0/timeline", "from", at(0), "to", at(10), "width", 10)
                .getAsJsonObject();
        assertThat(timeline.getAsJsonArray("threads")).hasSize(1);
        assertThat(get(api, "/captures/0/waits", "pid", PID, "tid", PID).getAsJsonObject().getAsJsonArray("waits"))
                .isEmpty();
        assertThatThrownBy(() -> get(api, "/captures/0/wait", "pid", PID, "tid", PID, "time", at(6)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aModelThatFailsGivesA500WithTheReason() throws Exception {
        Path file = dir.resolve("app.tcap");
        CaptureModelFactory real = TestCapture.write(file, appEvents());
        CaptureModelFactory failing = path -> failingThreadStates(real.open(path));
        ServedCaptures captures = new ServedCaptures(failing, dir.resolve("served.txt"));
        captures.serve(List.of(file));
        ViewerApi api = new ViewerApi(captures, new Findings(List::of, inline));

        assertThatThrownBy(() -> get(api, "/captures/0/summary")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.getMessage()).contains("thread states are corrupt");
        });
        assertThat(get(api, "/captures/0/calltree").getAsJsonObject().get("totalSamples").getAsLong()).isEqualTo(4);
    }

    @Test
    void theServletAnswersAMalformedQueryWithAJsonError() throws Exception {
        ApiServlet servlet = new ApiServlet(api(appEvents()));
        HttpServletRequest request = proxy(HttpServletRequest.class, Map.of("getPathInfo", "/captures/0/summary",
                "getParameterMap", new IllegalArgumentException("bad %-encoding in the query: %zz")));
        RecordedResponse response = new RecordedResponse();
        servlet.doGet(request, response.proxy());
        assertThat(response.status).isEqualTo(400);
        assertThat(response.headers).containsEntry("Content-Type", "application/json");
        JsonObject body = JsonParser.parseString(response.body.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        assertThat(body.get("error").getAsString()).contains("query string", "%zz");
    }

    /** Main (tid 100) runs on CPU 0 from 0 to 5 ms, sampled at 1..4 in compute; then sleeps to 10 ms. */
    private static List<CaptureEvent> appEvents() {
        List<CaptureEvent> events = new ArrayList<>();
        events.add(new ThreadName(START, PID, PID, "app", true));
        events.add(new ModuleMapping(START, PID, PID, APP_START, 0x10000, 0, APP, null));
        events.add(new ContextSwitch(at(0), 0, 0, 0, ThreadState.RUNNING, PID, PID, new long[0], new long[0]));
        for (int ms = 1; ms <= 4; ms++) {
            events.add(new Sample(at(ms), 0, PID, PID, MS, new long[0], new long[] {app("compute"), app("main")}));
        }
        events.add(new ContextSwitch(at(5), 0, PID, PID, ThreadState.SLEEPING, 0, 0, new long[0],
                new long[] {app("wait_for_work")}));
        events.add(new ContextSwitch(at(10), 0, 0, 0, ThreadState.RUNNING, PID, PID, new long[0], new long[0]));
        return events;
    }

    private ViewerApi api(List<CaptureEvent> events) throws Exception {
        Path file = dir.resolve("app.tcap");
        ServedCaptures captures = new ServedCaptures(TestCapture.write(file, events), dir.resolve("served.txt"));
        captures.serve(List.of(file));
        return new ViewerApi(captures, new Findings(List::of, inline));
    }

    private static JsonElement get(ViewerApi api, String path, Object... parameters) throws ApiException {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            map.put((String) parameters[i], String.valueOf(parameters[i + 1]));
        }
        return JsonParser.parseString(api.answer(path, map).toString());
    }

    /** The model, but its thread states fail as a model that meets a broken file might. */
    private static CaptureModel failingThreadStates(CaptureModel model) {
        return (CaptureModel) Proxy.newProxyInstance(CaptureModel.class.getClassLoader(),
                new Class<?>[] {CaptureModel.class}, (proxy, method, args) -> {
                    if (method.getName().equals("threadStates")) {
                        throw new IllegalStateException("thread states are corrupt at offset 1234");
                    }
                    try {
                        return method.invoke(model, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** An interface whose methods return (or throw) what {@code answers} gives by name; null for others. */
    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    Object answer = answers.get(method.getName());
                    if (answer instanceof RuntimeException e) {
                        throw e;
                    }
                    return answer;
                }));
    }

    /** What a servlet set on its response. */
    private static final class RecordedResponse {

        int status = HttpServletResponse.SC_OK;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        HttpServletResponse proxy() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void write(int b) {
                    body.write(b);
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "getOutputStream" -> {
                                return out;
                            }
                            default -> {
                            }
                        }
                        return null;
                    });
        }
    }
}
