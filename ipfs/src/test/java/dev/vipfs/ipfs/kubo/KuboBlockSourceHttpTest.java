package dev.vipfs.ipfs.kubo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.block.IntegrityException;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multihash;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KuboBlockSource against a scripted HTTP server on 127.0.0.1: lies, errors, stalls, retries. */
class KuboBlockSourceHttpTest {
    private static final long RAW = 0x55;
    private final byte[] data = "block bytes".getBytes(StandardCharsets.UTF_8);
    private final Cid cid = Cid.v1(RAW, Multihash.sha256(data));
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private KuboSourceBuilder source() {
        return KuboBlockSource.builder().address(server.url("/").toString()).retries(2, Duration.ofMillis(10));
    }

    @Test
    void getsAndVerifiesBlocks() throws Exception {
        server.enqueue(new MockResponse().setBody(new Buffer().write(data)));
        try (KuboBlockSource k = source().auth("bearer:s3cret").build()) {
            assertArrayEquals(data, k.get(cid));
        }
        RecordedRequest req = server.takeRequest();
        assertEquals("POST", req.getMethod());
        assertEquals("/api/v0/block/get?arg=" + cid, req.getPath());
        assertEquals("Bearer s3cret", req.getHeader("Authorization"));
    }

    @Test
    void theHeldBlocksViewAsksTheDaemonNotToFetch() throws Exception {
        server.enqueue(new MockResponse().setBody(new Buffer().write(data)));
        server.enqueue(new MockResponse().setResponseCode(412));
        server.enqueue(new MockResponse().setBody(new Buffer().write(data)));
        try (KuboBlockSource k = source().gateway(server.url("/").toString()).build()) {
            KuboBlockSource held = (KuboBlockSource) k.heldBlocksOnly().orElseThrow();
            assertArrayEquals(data, held.get(cid));
            assertThrows(IOException.class, () -> held.exportDag(cid));
            assertArrayEquals(data, k.get(cid));
        }
        assertEquals("/api/v0/block/get?arg=" + cid + "&offline=true", server.takeRequest().getPath());
        assertEquals("only-if-cached", server.takeRequest().getHeader("Cache-Control"));
        // The source itself still fetches what its daemon lacks.
        assertEquals("/api/v0/block/get?arg=" + cid, server.takeRequest().getPath());
    }

    @Test
    void lyingServerIsAnIntegrityError() throws Exception {
        server.enqueue(new MockResponse().setBody("wrong block"));
        try (KuboBlockSource k = source().build()) {
            IntegrityException e = assertThrows(IntegrityException.class, () -> k.get(cid));
            assertTrue(e.getMessage().contains(cid.toString()), e.getMessage());
        }
    }

    @Test
    void kuboNotFoundBecomesBlockNotFound() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(500)
                .setBody("{\"Message\":\"block was not found locally (offline): ipld: could not find " + cid + "\",\"Code\":0,\"Type\":\"error\"}"));
        server.enqueue(new MockResponse().setResponseCode(500)
                .setBody("{\"Message\":\"block was not found locally (offline)\",\"Code\":0,\"Type\":\"error\"}"));
        try (KuboBlockSource k = source().build()) {
            assertThrows(BlockNotFoundException.class, () -> k.get(cid));
            assertFalse(k.has(cid));
        }
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(403).setBody("403 - Forbidden"));
        try (KuboBlockSource k = source().build()) {
            KuboApiException e = assertThrows(KuboApiException.class, () -> k.get(cid));
            assertEquals(403, e.status());
            assertTrue(e.getMessage().contains("auth"), e.getMessage());
        }
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void putChecksTheBlockAndKubosAnswer() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"Key\":\"" + cid + "\",\"Size\":" + data.length + "}"));
        Cid other = Cid.v1(RAW, Multihash.sha256("other".getBytes(StandardCharsets.UTF_8)));
        server.enqueue(new MockResponse().setBody("{\"Key\":\"" + other + "\",\"Size\":5}"));
        try (KuboBlockSource k = source().build()) {
            k.put(cid, data);
            RecordedRequest req = server.takeRequest();
            assertTrue(req.getPath().startsWith("/api/v0/block/put?cid-codec=raw&mhtype=sha2-256&mhlen=32"), req.getPath());
            assertTrue(req.getBody().readUtf8().contains("block bytes"));
            assertThrows(IntegrityException.class, () -> k.put(cid, data));
            assertThrows(IntegrityException.class, () -> k.put(cid, "tampered".getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void stalledReadTimesOut() throws Exception {
        server.enqueue(new MockResponse().setBody(new Buffer().write(data)).throttleBody(1, 1, TimeUnit.SECONDS));
        try (KuboBlockSource k = source().timeout(Duration.ofMillis(300)).build()) {
            IOException e = assertThrows(IOException.class, () -> k.get(cid));
            assertFalse(e instanceof BlockNotFoundException);
        }
    }

    @Test
    void refusedConnectionsAreRetriedThenReported() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (KuboBlockSource k = KuboBlockSource.builder().address("/ip4/127.0.0.1/tcp/" + port)
                .retries(2, Duration.ofMillis(10)).build()) {
            IOException e = assertThrows(IOException.class, () -> k.get(cid));
            assertTrue(e.getMessage().contains("3 attempts") && e.getMessage().contains("daemon running"), e.getMessage());
        }
    }

    @Test
    void retriesUntilTheDaemonComesUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        MockWebServer late = new MockWebServer();
        late.enqueue(new MockResponse().setBody(new Buffer().write(data)));
        Thread starter = new Thread(() -> {
            try {
                Thread.sleep(200);
                late.start(InetAddress.getLoopbackAddress(), port);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        starter.start();
        try (KuboBlockSource k = KuboBlockSource.builder().address("/ip4/127.0.0.1/tcp/" + port)
                .retries(6, Duration.ofMillis(100)).build()) {
            assertArrayEquals(data, k.get(cid));
        } finally {
            starter.join();
            late.shutdown();
        }
    }

    @Test
    void identityCidsNeedNoDaemon() throws Exception {
        Cid id = Cid.v1(RAW, Multihash.identity(data));
        try (KuboBlockSource k = source().build()) {
            assertArrayEquals(data, k.get(id));
            assertTrue(k.has(id));
            k.put(id, data);
        }
        assertEquals(0, server.getRequestCount());
    }
}
