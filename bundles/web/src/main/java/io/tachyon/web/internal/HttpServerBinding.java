package io.tachyon.web.internal;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

/**
 * Sets up the HTTP server the viewer is served by (Felix HTTP Jetty, configuration {@code org.apache.felix.http})
 * from the viewer's own configuration {@code io.tachyon.web}: host and port. Port 0 picks a free port once and
 * keeps it: the server's configuration remembers it, so when this bundle stops and starts again in the running
 * framework the server is left as it is and the viewer comes back at the same URL.
 * <p>
 * Immediate: the servlets only activate once a running server asks for them, and the server only runs once this
 * component has configured it.
 */
@Component(service = HttpServerBinding.class, configurationPid = "io.tachyon.web", immediate = true)
@Designate(ocd = WebConfig.class)
public final class HttpServerBinding {

    static final String JETTY_PID = "org.apache.felix.http";
    static final String JETTY_PORT = "org.osgi.service.http.port";
    static final String JETTY_HOST = "org.apache.felix.http.host";
    static final String JETTY_ENABLE = "org.apache.felix.http.enable";
    /** Marks the server configuration as the viewer's, with the host it was made for. */
    static final String VIEWER_HOST = "tachyon.web.host";
    static final String ENDPOINT = "osgi.http.endpoint";

    private final ConfigurationAdmin configurationAdmin;
    private final Map<Object, Object> runtimeEndpoints = new HashMap<>();
    private volatile String host;
    private volatile int port;

    @Activate
    public HttpServerBinding(@Reference(name = "configurationAdmin") ConfigurationAdmin configurationAdmin,
            WebConfig config) throws IOException {
        this.configurationAdmin = configurationAdmin;
        apply(config);
    }

    @Modified
    void modified(WebConfig config) throws IOException {
        apply(config);
    }

    private synchronized void apply(WebConfig config) throws IOException {
        String wantedHost = config.host().trim();
        Configuration server = configurationAdmin.getConfiguration(JETTY_PID, "?");
        Dictionary<String, Object> current = server.getProperties();
        String previousHost = current == null ? null : asString(current.get(VIEWER_HOST));
        int previousPort = current == null ? 0 : asInt(current.get(JETTY_PORT));
        int chosen = PortChoice.choose(wantedHost, config.port(), previousHost, previousPort);
        if (!wantedHost.equals(previousHost) || chosen != previousPort
                || current == null || !"true".equals(String.valueOf(current.get(JETTY_ENABLE)))) {
            Hashtable<String, Object> properties = new Hashtable<>();
            if (current != null) {
                for (java.util.Enumeration<String> keys = current.keys(); keys.hasMoreElements();) {
                    String key = keys.nextElement();
                    properties.put(key, current.get(key));
                }
            }
            properties.put(JETTY_HOST, wantedHost);
            properties.put(JETTY_PORT, chosen);
            properties.put(JETTY_ENABLE, true);
            properties.put(VIEWER_HOST, wantedHost);
            properties.put("org.apache.felix.http.jetty.sendServerHeader", false);
            server.update(properties);
        }
        host = wantedHost;
        port = chosen;
        notifyAll();
    }

    /** The HTTP Servlet runtimes say where they listen; the viewer is up once one listens on its port. */
    @Reference(name = "servletRuntime", service = org.osgi.service.servlet.runtime.HttpServiceRuntime.class,
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeRuntime", updated = "updateRuntime")
    synchronized void addRuntime(org.osgi.service.servlet.runtime.HttpServiceRuntime runtime,
            Map<String, Object> properties) {
        runtimeEndpoints.put(properties.get("service.id"), properties.get(ENDPOINT));
        notifyAll();
    }

    synchronized void updateRuntime(org.osgi.service.servlet.runtime.HttpServiceRuntime runtime,
            Map<String, Object> properties) {
        addRuntime(runtime, properties);
    }

    synchronized void removeRuntime(org.osgi.service.servlet.runtime.HttpServiceRuntime runtime,
            Map<String, Object> properties) {
        runtimeEndpoints.remove(properties.get("service.id"));
    }

    int port() {
        return port;
    }

    String host() {
        return host;
    }

    /** The viewer's address for people; a wildcard host is shown as this machine's loopback address. */
    String url() {
        String shown = host.equals("0.0.0.0") || host.equals("::") || host.isEmpty() ? "127.0.0.1" : host;
        if (shown.contains(":")) {
            shown = "[" + shown + "]";
        }
        return "http://" + shown + ":" + port + "/";
    }

    /**
     * Waits until the HTTP server listens on the viewer's port.
     *
     * @return whether it does within {@code timeout}
     */
    synchronized boolean awaitServing(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!serving()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Waits until the configuration in force is {@code wantedHost}:{@code wantedPort} (0: any port). */
    synchronized boolean awaitConfigured(String wantedHost, int wantedPort, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!wantedHost.equals(host) || (wantedPort != 0 && wantedPort != port)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private boolean serving() {
        String suffix = ":" + port + "/";
        for (Object endpoints : runtimeEndpoints.values()) {
            for (String endpoint : asStrings(endpoints)) {
                if (endpoint.endsWith(suffix) || endpoint.endsWith(":" + port)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> asStrings(Object value) {
        if (value instanceof String[] array) {
            return List.of(array);
        }
        if (value instanceof java.util.Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static String asString(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static int asInt(Object value) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return value == null ? 0 : Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
