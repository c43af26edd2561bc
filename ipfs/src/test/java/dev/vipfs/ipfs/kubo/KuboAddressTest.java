package dev.vipfs.ipfs.kubo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KuboAddressTest {
    @Test
    void parsesMultiaddrsAndUrls() {
        assertEquals("http://127.0.0.1:5001/", KuboAddress.parse("/ip4/127.0.0.1/tcp/5001").baseUrl().toString());
        assertEquals("https://example.org/", KuboAddress.parse("/dns4/example.org/tcp/443/https").baseUrl().toString());
        assertEquals("http://[::1]:5001/", KuboAddress.parse("/ip6/::1/tcp/5001").baseUrl().toString());
        assertEquals("http://localhost:5001/", KuboAddress.parse("http://localhost:5001/api/v0?x=1").baseUrl().toString());
        KuboAddress unix = KuboAddress.parse("/unix/run/ipfs/api.sock");
        assertEquals(Path.of("/run/ipfs/api.sock"), unix.unixSocket().orElseThrow());
    }

    @Test
    void rejectsNonsenseWithActionableMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KuboAddress.parse("localhost:5001"));
        assertTrue(e.getMessage().contains("multiaddr"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KuboAddress.parse("/ip4/127.0.0.1/udp/5001"));
        assertThrows(IllegalArgumentException.class, () -> KuboAddress.parse("/ip4/127.0.0.1/tcp/99999"));
        assertThrows(IllegalArgumentException.class, () -> KuboAddress.parse("/ip4/127.0.0.1/tcp/abc"));
        assertThrows(IllegalArgumentException.class, () -> KuboAddress.parse("/unix/"));
        assertThrows(IllegalArgumentException.class, () -> KuboAddress.parse("/quic/1"));
    }

    @Test
    void discoversTheApiFileInIpfsPath(@TempDir Path repo) throws IOException {
        assertEquals(KuboAddress.DEFAULT, KuboAddress.discover(Map.of("IPFS_PATH", repo.toString())).toString());
        Files.writeString(repo.resolve("api"), "/ip4/127.0.0.1/tcp/45001\n");
        assertEquals("http://127.0.0.1:45001/", KuboAddress.discover(Map.of("IPFS_PATH", repo.toString())).baseUrl().toString());
        Files.writeString(repo.resolve("api"), "garbage");
        IOException e = assertThrows(IOException.class, () -> KuboAddress.discover(Map.of("IPFS_PATH", repo.toString())));
        assertTrue(e.getMessage().contains(repo.resolve("api").toString()), e.getMessage());
    }

    @Test
    void authSecretsBecomeHeaders() {
        assertEquals("Basic dXNlcjpwYXNzOndvcmQ=", KuboAuthorization.headerValue("basic:user:pass:word"));
        assertEquals("Bearer tok", KuboAuthorization.headerValue("bearer:tok"));
        assertThrows(IllegalArgumentException.class, () -> KuboAuthorization.headerValue("basic:nopassword"));
        assertThrows(IllegalArgumentException.class, () -> KuboAuthorization.headerValue("token"));
        assertThrows(IllegalArgumentException.class, () -> KuboAuthorization.headerValue(""));
    }
}
