package io.tachyon.symbols.debuginfod.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fetches files by build-id from debuginfod servers ({@code GET <server>/buildid/<id>/debuginfo} and
 * {@code .../executable}) into a local cache laid out as elfutils' client lays it out
 * ({@code <cache>/<build-id>/debuginfo}), so both share downloads. Servers are tried in order. A server that cannot be
 * reached is reported once and skipped from then on; a build-id no server has is remembered as missing. Never throws.
 */
public final class DebuginfodClient {

    private static final Pattern BUILD_ID = Pattern.compile("[0-9a-f]{8,128}");

    /** What a fetch asks for: the separate debug file, or the executable (for a module whose file is gone). */
    public enum Artifact {
        DEBUGINFO("debuginfo"), EXECUTABLE("executable");

        final String path;

        Artifact(String path) {
            this.path = path;
        }
    }

    private final List<URI> servers;
    private final Path cache;
    private final Duration timeout;
    private final Logger logger;
    /* Made on the first request: its selector thread would otherwise run (in native code, which holds up the
     * JVM's exit by 300 ms) in every Tachyon process, servers or not. */
    private HttpClient http;
    private final Set<URI> unreachable = new HashSet<>();
    private final Map<String, Boolean> missing = new HashMap<>();

    public DebuginfodClient(List<URI> servers, Path cache, Duration timeout, Logger logger) {
        this.servers = List.copyOf(servers);
        this.cache = cache;
        this.timeout = timeout;
        this.logger = logger;
    }

    /**
     * The servers of a {@code DEBUGINFOD_URLS} value: space-separated URLs; empty when unset. A malformed URL is
     * skipped with a warning.
     */
    public static List<URI> serversOf(String urls, Logger logger) {
        if (urls == null || urls.isBlank()) {
            return List.of();
        }
        List<URI> out = new java.util.ArrayList<>();
        for (String url : urls.trim().split("\\s+")) {
            try {
                URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
                if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                    throw new IllegalArgumentException("not an http(s) URL");
                }
                out.add(uri);
            } catch (IllegalArgumentException e) {
                logger.log(Level.WARNING, "Ignoring debuginfod server {0}: {1}", url, e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** The cache elfutils uses: $DEBUGINFOD_CACHE_PATH, else $XDG_CACHE_HOME/debuginfod_client, else ~/.cache/... */
    public static Path defaultCache(Map<String, String> environment) {
        String explicit = environment.get("DEBUGINFOD_CACHE_PATH");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "debuginfod_client");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "debuginfod_client");
    }

    public boolean hasServers() {
        return !servers.isEmpty();
    }

    /** The cached or downloaded file, or empty when no server has it (or the build-id is not a build-id). */
    public synchronized Optional<Path> fetch(String buildId, Artifact artifact) {
        String id = buildId.toLowerCase();
        if (!BUILD_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path target = cache.resolve(id).resolve(artifact.path);
        if (Files.isRegularFile(target)) {
            return Optional.of(target);
        }
        String key = id + "/" + artifact.path;
        if (missing.containsKey(key)) {
            return Optional.empty();
        }
        for (URI server : servers) {
            if (unreachable.contains(server)) {
                continue;
            }
            URI url = URI.create(server + "/buildid/" + id + "/" + artifact.path);
            try {
                HttpResponse<InputStream> response = http().send(HttpRequest.newBuilder(url).timeout(timeout).GET()
                        .build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    if (response.statusCode() == 200) {
                        Files.createDirectories(target.getParent());
                        Path partial = Files.createTempFile(target.getParent(), artifact.path, ".part");
                        Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        logger.log(Level.INFO, "Fetched {0} of build-id {1} from {2}", artifact.path, id, server);
                        return Optional.of(target);
                    }
                    body.transferTo(java.io.OutputStream.nullOutputStream());
                }
                if (response.statusCode() != 404) {
                    logger.log(Level.WARNING, "debuginfod server {0} answered {1} for {2}", server,
                            response.statusCode(), url);
                }
            } catch (IOException e) {
                unreachable.add(server);
                logger.log(Level.WARNING, "debuginfod server {0} cannot be reached, not asking it again: {1}", server,
                        e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        missing.put(key, true);
        return Optional.empty();
    }

    private HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return http;
    }
}
