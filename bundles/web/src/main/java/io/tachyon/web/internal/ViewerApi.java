package io.tachyon.web.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The viewer's JSON API below {@code /api}: a path and its query parameters in, JSON out. Captures are named by
 * their id in the served list, never by a path, so no request can reach a file that is not served.
 */
final class ViewerApi {

    /** How long a findings request waits for analyzers still running before it answers 503 (ask again). */
    static final Duration FINDINGS_WAIT = Duration.ofSeconds(60);

    private final ServedCaptures captures;
    private final Findings findings;

    ViewerApi(ServedCaptures captures, Findings findings) {
        this.captures = captures;
        this.findings = findings;
    }

    /**
     * @param path the request's path below {@code /api}, e.g. {@code /captures/0/summary}
     * @throws ApiException 404 for an unknown path or capture, 400 for a bad parameter, 500 for a model that fails
     */
    JsonElement answer(String path, Map<String, String> parameters) throws ApiException {
        try {
            return answerOrThrow(path, parameters);
        } catch (RuntimeException e) {
            // A model or analyzer that fails in a way it does not declare: still an answer the page can show.
            throw new ApiException(500, "could not answer " + path + ": " + e);
        }
    }

    private JsonElement answerOrThrow(String path, Map<String, String> parameters) throws ApiException {
        String[] parts = path == null ? new String[0] : path.split("/", -1);
        // parts[0] is the empty string before the leading slash.
        if (parts.length < 2 || !parts[0].isEmpty() || !parts[1].equals("captures")) {
            throw ApiException.notFound("no such API path: " + path);
        }
        if (parts.length == 2 || (parts.length == 3 && parts[2].isEmpty())) {
            return list();
        }
        if (parts.length != 4) {
            throw ApiException.notFound("no such API path: " + path);
        }
        ServedCaptures.ServedCapture capture = captures.find(parts[2])
                .orElseThrow(() -> ApiException.notFound("no capture with id '" + parts[2] + "'"));
        Query query = new Query(parameters);
        CaptureModel model = model(capture);
        try {
            return switch (parts[3]) {
                case "summary" -> CaptureJson.summary(capture.name(), model);
                case "timeline" -> CaptureJson.timeline(model, capture.cpuRuns(), query);
                case "samples" -> CaptureJson.samples(model, query);
                case "calltree" -> CaptureJson.callTree(model, query);
                case "functions" -> CaptureJson.functions(model, query);
                case "lines" -> CaptureJson.lines(model, query);
                case "waits" -> CaptureJson.waits(model, query);
                case "wait" -> CaptureJson.waitAt(model, query);
                case "findings" -> CaptureJson.findings(findings(model));
                default -> throw ApiException.notFound("no such API path: " + path);
            };
        } catch (UnsupportedOperationException e) {
            throw new ApiException(501, "this capture's model cannot answer " + parts[3] + ": " + e.getMessage());
        }
    }

    private JsonArray list() throws ApiException {
        JsonArray list = new JsonArray();
        for (ServedCaptures.ServedCapture capture : captures.list()) {
            list.add(CaptureJson.captureEntry(capture.id(), capture.name(), model(capture)));
        }
        return list;
    }

    /** The findings computed for the model, waiting for those still being computed (off this thread). */
    private List<Finding> findings(CaptureModel model) throws ApiException {
        try {
            return findings.of(model).get(FINDINGS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(503, "the analyzers are still looking at this capture after "
                    + FINDINGS_WAIT.toSeconds() + " s: ask again later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while waiting for the findings");
        } catch (ExecutionException e) {
            throw new ApiException(500, "the findings could not be computed: " + e.getCause());
        }
    }

    private static CaptureModel model(ServedCaptures.ServedCapture capture) throws ApiException {
        try {
            return capture.model();
        } catch (UncheckedIOException e) {
            throw new ApiException(500, e.getMessage());
        }
    }
}
