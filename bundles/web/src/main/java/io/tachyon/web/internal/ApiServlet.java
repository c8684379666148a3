package io.tachyon.web.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The viewer's JSON API at {@code /api/*}; a thin shell around {@link ViewerApi}. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/*")
@HttpWhiteboardServletName("tachyon-viewer-api")
public final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ViewerApi api;

    @Activate
    public ApiServlet(@Reference(name = "captures") CaptureServer captures) {
        this(captures.api());
    }

    ApiServlet(ViewerApi api) {
        this.api = api;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonElement body;
        int status;
        try {
            body = api.answer(request.getPathInfo(), parameters(request));
            status = HttpServletResponse.SC_OK;
        } catch (ApiException e) {
            JsonObject error = new JsonObject();
            error.addProperty("error", e.getMessage());
            body = error;
            status = e.status();
        }
        // Written whole: one write of known length is much quicker than Gson's many small ones through the
        // server's writer on answers of a few hundred kilobytes.
        byte[] bytes = CaptureJson.GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    /** The first value of each query parameter. */
    private static Map<String, String> parameters(HttpServletRequest request) throws ApiException {
        Map<String, String[]> values;
        try {
            values = request.getParameterMap();
        } catch (RuntimeException e) {
            // The server decodes the query string only now, and throws on a malformed one (e.g. "%zz").
            throw ApiException.badRequest("the query string cannot be read: " + e.getMessage());
        }
        Map<String, String> parameters = new HashMap<>();
        values.forEach((name, given) -> parameters.put(name, given[0]));
        return parameters;
    }
}
