package io.tachyon.web.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.tachyon.api.analysis.CaptureAnalyzer;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The viewer's JSON API at {@code /api/*}; a thin shell around {@link ViewerApi}. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/*")
@HttpWhiteboardServletName("tachyon-viewer-api")
public final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final transient ViewerApi api;
    /** Analyzers come and go with their bundles; a request uses those present when it runs. */
    private final transient List<CaptureAnalyzer> analyzers = new CopyOnWriteArrayList<>();

    @Activate
    public ApiServlet(@Reference(name = "captures") CaptureServer captures) {
        this.api = new ViewerApi(captures.captures(), () -> List.copyOf(analyzers));
    }

    @Reference(name = "analyzer", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeAnalyzer")
    void addAnalyzer(CaptureAnalyzer analyzer) {
        analyzers.add(analyzer);
    }

    void removeAnalyzer(CaptureAnalyzer analyzer) {
        analyzers.remove(analyzer);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> parameters = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, values[0]));
        JsonElement body;
        int status;
        try {
            body = api.answer(request.getPathInfo(), parameters);
            status = HttpServletResponse.SC_OK;
        } catch (ApiException e) {
            JsonObject error = new JsonObject();
            error.addProperty("error", e.getMessage());
            body = error;
            status = e.status();
        }
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        try (Writer writer = response.getWriter()) {
            GSON.toJson(body, writer);
        }
    }
}
