package io.tachyon.web.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Which port the viewer listens on: the configured one, else the one it had, else a free one. */
final class PortChoice {

    private PortChoice() {
    }

    /**
     * @param configured   the configured port; 0 for any
     * @param previousHost the host the HTTP server was last set up with by the viewer, or null
     * @param previousPort its port then, or 0
     */
    static int choose(String host, int configured, String previousHost, int previousPort) throws IOException {
        if (configured > 0) {
            return configured;
        }
        if (previousPort > 0 && host.equals(previousHost)) {
            return previousPort;
        }
        return freePort(host);
    }

    /** A port nothing listens on at {@code host} right now, as the kernel picks it. */
    static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        }
    }
}
