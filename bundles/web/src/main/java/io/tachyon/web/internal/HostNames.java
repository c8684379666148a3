package io.tachyon.web.internal;

import java.util.Locale;
import java.util.Set;

/** Which Host names a viewer bound to some address answers. */
final class HostNames {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    private HostNames() {
    }

    /**
     * @param boundHost   the address the viewer listens on
     * @param requestHost the host name the request was addressed to (its Host header, without the port)
     */
    static boolean allowed(String boundHost, String requestHost) {
        String bound = boundHost.toLowerCase(Locale.ROOT);
        if (!isLoopback(bound)) {
            return true;
        }
        if (requestHost == null) {
            return false;
        }
        String name = requestHost.toLowerCase(Locale.ROOT);
        return isLoopback(name) || name.equals(bound) || name.endsWith(".localhost");
    }

    /** @param host in lower case */
    private static boolean isLoopback(String host) {
        return LOOPBACK.contains(host) || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
