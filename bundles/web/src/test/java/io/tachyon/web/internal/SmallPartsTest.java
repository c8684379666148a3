package io.tachyon.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Host names, the port choice and the view command's words. */
class SmallPartsTest {

    @Test
    void aLoopbackViewerAnswersLoopbackNamesOnly() {
        assertThat(HostNames.allowed("127.0.0.1", "127.0.0.1")).isTrue();
        assertThat(HostNames.allowed("127.0.0.1", "localhost")).isTrue();
        assertThat(HostNames.allowed("127.0.0.1", "[::1]")).isTrue();
        assertThat(HostNames.allowed("127.0.0.1", "viewer.localhost")).isTrue();
        assertThat(HostNames.allowed("127.0.0.1", "evil.example.com")).isFalse();
        assertThat(HostNames.allowed("127.0.0.1", "127.evil.example.com")).isFalse();
        assertThat(HostNames.allowed("127.0.0.1", null)).isFalse();
        assertThat(HostNames.allowed("0.0.0.0", "build-server.example.com")).isTrue();
        // Loopback however the address is spelled.
        assertThat(HostNames.allowed("LocalHost", "evil.example.com")).isFalse();
        assertThat(HostNames.allowed("LocalHost", "LOCALHOST")).isTrue();
    }

    @Test
    void thePortIsTheConfiguredOneElseThePreviousOneElseAFreeOne() throws Exception {
        assertThat(PortChoice.choose("127.0.0.1", 8123, "127.0.0.1", 9000)).isEqualTo(8123);
        assertThat(PortChoice.choose("127.0.0.1", 0, "127.0.0.1", 9000)).isEqualTo(9000);
        int free = PortChoice.choose("127.0.0.1", 0, "0.0.0.0", 9000);
        assertThat(free).isPositive().isNotEqualTo(9000);
        try (ServerSocket socket = new ServerSocket(free, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(socket.getLocalPort()).as("the port chosen is free").isEqualTo(free);
        }
    }

    @Test
    void viewTakesFilesAPortAndAHost() {
        ViewArguments arguments = ViewArguments.parse("a.tcap", "--port", "8080", "b.tcap", "--host=0.0.0.0");
        assertThat(arguments.files()).containsExactly("a.tcap", "b.tcap");
        assertThat(arguments.port()).isEqualTo(8080);
        assertThat(arguments.host()).isEqualTo("0.0.0.0");
        assertThat(ViewArguments.parse("a.tcap").port()).isNull();
        assertThat(ViewArguments.parse("--help").help()).isTrue();
        assertThatThrownBy(() -> ViewArguments.parse()).hasMessageContaining("no capture file");
        assertThatThrownBy(() -> ViewArguments.parse("a.tcap", "--port", "http")).hasMessageContaining("--port");
        assertThatThrownBy(() -> ViewArguments.parse("a.tcap", "--port", "70000")).hasMessageContaining("65535");
        assertThatThrownBy(() -> ViewArguments.parse("a.tcap", "--port")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> ViewArguments.parse("a.tcap", "--fast")).hasMessageContaining("'--fast'");
        assertThat(List.of(ViewArguments.USAGE.split("\n"))).first().asString().startsWith("usage: tachyon:view");
    }
}
