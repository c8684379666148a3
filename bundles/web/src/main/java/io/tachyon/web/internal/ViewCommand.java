package io.tachyon.web.internal;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

/**
 * {@code tachyon:view FILE... [--port N] [--host H]}: serves the captures in the web viewer and returns its URL once
 * they are modelled and prepared and the server answers, so the URL given means ready.
 * The captures stay served until the next {@code tachyon:view} or until the web bundle stops; {@code bin/tachyon
 * view} keeps the framework running until it is interrupted.
 */
@Component(service = ViewCommand.class, property = {
        "osgi.command.scope=tachyon",
        "osgi.command.function=view"})
public final class ViewCommand {

    static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final CaptureServer captures;
    private final HttpServerBinding binding;
    private final ConfigurationAdmin configurationAdmin;

    @Activate
    public ViewCommand(@Reference(name = "captures") CaptureServer captures,
            @Reference(name = "binding") HttpServerBinding binding,
            @Reference(name = "configurationAdmin") ConfigurationAdmin configurationAdmin) {
        this.captures = captures;
        this.binding = binding;
        this.configurationAdmin = configurationAdmin;
    }

    @Descriptor("serve captures in the web viewer and return its URL")
    public String view(CommandSession session, @Descriptor("FILE... [--port N] [--host H]") String... args)
            throws IOException, InterruptedException {
        ViewArguments arguments = ViewArguments.parse(args);
        if (arguments.help()) {
            return ViewArguments.USAGE;
        }
        List<Path> files = new ArrayList<>();
        for (String file : arguments.files()) {
            files.add(session.currentDir().resolve(file).normalize());
        }
        captures.serve(files);
        listenWhereAsked(arguments);
        if (!binding.awaitServing(START_TIMEOUT)) {
            throw new IOException("the HTTP server did not start listening on " + binding.url() + " within "
                    + START_TIMEOUT.toSeconds() + " s (is the port taken? is org.apache.felix.http.jetty12 running?)");
        }
        String url = binding.url();
        // The page and the list it asks for first, once through the server: the URL given answers, and the
        // server's first-request work (its threads, the servlets' classes) is done before anyone waits for it.
        for (String path : List.of("", "api/captures")) {
            answers(url + path);
        }
        return url;
    }

    private static void answers(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
        connection.setConnectTimeout((int) ANSWER_TIMEOUT.toMillis());
        connection.setReadTimeout((int) ANSWER_TIMEOUT.toMillis());
        try {
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException("the viewer answered " + status + " at " + url);
            }
            try (InputStream body = connection.getInputStream()) {
                body.transferTo(OutputStream.nullOutputStream());
            }
        } finally {
            connection.disconnect();
        }
    }

    /** A host or port given on the command line becomes the viewer's configuration. */
    private void listenWhereAsked(ViewArguments arguments) throws IOException, InterruptedException {
        if (arguments.port() == null && arguments.host() == null) {
            return;
        }
        String host = arguments.host() != null ? arguments.host() : binding.host();
        int port = arguments.port() != null ? arguments.port() : binding.port();
        if (host.equals(binding.host()) && (port == 0 || port == binding.port())) {
            return;
        }
        Configuration configuration = configurationAdmin.getConfiguration("io.tachyon.web", "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        Hashtable<String, Object> updated = new Hashtable<>();
        if (properties != null) {
            for (java.util.Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                updated.put(key, properties.get(key));
            }
        }
        updated.put("host", host);
        updated.put("port", port);
        configuration.update(updated);
        if (!binding.awaitConfigured(host, port, START_TIMEOUT)) {
            throw new IOException("the viewer was not moved to " + host + ":" + port + " within "
                    + START_TIMEOUT.toSeconds() + " s");
        }
    }
}
