package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vipfs.control.MetricsEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** journald priorities on stderr lines, and which --metrics addresses are accepted. */
class JournalLinesTest {
    @Test
    void eachLineCarriesItsPriority() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new LogSetup.JournalLines(sink), true, StandardCharsets.UTF_8);
        err.println("[vipfs-fuse] ERROR dev.vipfs.fs.fuse.VipfsFuse - read /x: unexpected failure");
        err.println("\tat dev.vipfs.Foo.bar(Foo.java:1)");
        err.println("[main] WARN dev.vipfs.control.ControlServer - control socket: refused");
        err.println("[main] INFO dev.vipfs.denials - denied read on hmac-sha256:ab to uid 1001");
        err.println("vipfs: warning: --stay-root: the daemon keeps root privileges");
        err.println("vipfs: policy reload failed, keeping the previous policies: x");
        err.println("vipfs: mounted at /mnt");
        err.println("<3>vipfs: already prefixed");
        assertEquals(String.join("\n",
                "<3>[vipfs-fuse] ERROR dev.vipfs.fs.fuse.VipfsFuse - read /x: unexpected failure",
                "<3>\tat dev.vipfs.Foo.bar(Foo.java:1)",
                "<4>[main] WARN dev.vipfs.control.ControlServer - control socket: refused",
                "<6>[main] INFO dev.vipfs.denials - denied read on hmac-sha256:ab to uid 1001",
                "<4>vipfs: warning: --stay-root: the daemon keeps root privileges",
                "<3>vipfs: policy reload failed, keeping the previous policies: x",
                "<6>vipfs: mounted at /mnt",
                "<3>vipfs: already prefixed", ""), sink.toString(StandardCharsets.UTF_8));
    }

    @Test
    void metricsStayOnLoopbackUnlessAllowed() {
        assertEquals(8888, MetricsEndpoint.address("127.0.0.1:8888", false).getPort());
        assertEquals(9, MetricsEndpoint.address("[::1]:9", false).getPort());
        assertEquals(8888, MetricsEndpoint.address("localhost:8888", false).getPort());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsEndpoint.address("0.0.0.0:8888", false));
        assertEquals("--metrics 0.0.0.0:8888 is reachable from other hosts: use 127.0.0.1:PORT, or add --metrics-allow-remote"
                + " if you mean it", e.getMessage());
        assertEquals(8888, MetricsEndpoint.address("0.0.0.0:8888", true).getPort());
        assertThrows(IllegalArgumentException.class, () -> MetricsEndpoint.address("8888", false));
        assertThrows(IllegalArgumentException.class, () -> MetricsEndpoint.address("127.0.0.1:70000", false));
    }
}
