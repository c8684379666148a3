package io.tachyon.web.internal;

import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The viewer's page: files below {@code viewer/} in the bundle, served at {@code /}. Only plain relative names of
 * files with a known type are served: no directory listing, no {@code ..}, no absolute, backslashed or
 * still-encoded names, so
 * no request reaches anything outside {@code viewer/}.
 */
final class StaticResources {

    static final String FOLDER = "viewer/";

    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("map", "application/json; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"));

    /** A file found, with its content type. */
    record Resource(URL url, String contentType) {
    }

    private final Function<String, URL> entries;

    /** @param entries looks a name up in the bundle (e.g. {@code Bundle::getEntry}); null when absent */
    StaticResources(Function<String, URL> entries) {
        this.entries = entries;
    }

    /** The file for a request path (as the servlet decoded it), or empty: not there, or not a name we serve. */
    Optional<Resource> find(String requestPath) {
        String path = requestPath == null || requestPath.isEmpty() || requestPath.equals("/") ? "/index.html"
                : requestPath;
        if (!path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0 || path.indexOf(':') >= 0
                || path.indexOf('%') >= 0) {
            return Optional.empty();
        }
        String name = path.substring(1);
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.empty();
            }
        }
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : CONTENT_TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            return Optional.empty();
        }
        URL url = entries.apply(FOLDER + name);
        if (url == null || url.getPath().endsWith("/")) {
            return Optional.empty();
        }
        return Optional.of(new Resource(url, type));
    }
}
