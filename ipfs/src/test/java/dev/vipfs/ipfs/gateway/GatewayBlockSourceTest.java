package dev.vipfs.ipfs.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.block.IntegrityException;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.testcar.TestCar;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayBlockSourceTest {
    private static final long RAW = 0x55;
    private final byte[] data = "trustless bytes".getBytes(StandardCharsets.UTF_8);
    private final Cid cid = Cid.v1(RAW, Multihash.sha256(data));
    private MockWebServer liar;
    private MockWebServer honest;

    @BeforeEach
    void start() throws IOException {
        liar = new MockWebServer();
        liar.start(InetAddress.getLoopbackAddress(), 0);
        honest = new MockWebServer();
        honest.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        liar.shutdown();
        honest.shutdown();
    }

    private String url(MockWebServer s) {
        return s.url("/").toString();
    }

    @Test
    void requestsRawBlockTrustlessly() throws Exception {
        honest.enqueue(new MockResponse().setBody(new Buffer().write(data)));
        try (GatewayBlockSource g = GatewayBlockSource.builder().gateway(url(honest)).build()) {
            assertArrayEquals(data, g.get(cid));
            RecordedRequest req = honest.takeRequest();
            assertEquals("GET", req.getMethod());
            assertEquals("/ipfs/" + cid + "?format=raw", req.getPath());
            assertEquals("application/vnd.ipld.raw", req.getHeader("Accept"));
            // Second read is served from the cache.
            assertArrayEquals(data, g.get(cid));
            assertEquals(1, honest.getRequestCount());
        }
    }

    @Test
    void lyingGatewayIsAnIntegrityError() {
        liar.enqueue(new MockResponse().setBody("not the block"));
        try (GatewayBlockSource g = GatewayBlockSource.builder().gateway(url(liar)).build()) {
            IntegrityException e = assertThrows(IntegrityException.class, () -> g.get(cid));
            assertTrue(e.getMessage().contains(cid.toString()), e.getMessage());
            assertFalse(g.cache().has(cid));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fallsBackPastLiarsAndMissingGateways() throws Exception {
        liar.enqueue(new MockResponse().setBody("not the block"));
        honest.enqueue(new MockResponse().setBody(new Buffer().write(data)));
        try (GatewayBlockSource g = GatewayBlockSource.builder().gateway(url(liar)).gateway(url(honest)).build()) {
            assertArrayEquals(data, g.get(cid));
        }
    }

    @Test
    void allGatewaysMissingIsNotFound() throws Exception {
        liar.enqueue(new MockResponse().setResponseCode(404));
        honest.enqueue(new MockResponse().setResponseCode(410));
        try (GatewayBlockSource g = GatewayBlockSource.builder().gateway(url(liar)).gateway(url(honest)).build()) {
            BlockNotFoundException e = assertThrows(BlockNotFoundException.class, () -> g.get(cid));
            assertTrue(e.getMessage().contains("404") && e.getMessage().contains("410"), e.getMessage());
        }
    }

    @Test
    void oversizedBodyIsRejected() throws Exception {
        liar.enqueue(new MockResponse().setBody(new Buffer().write(new byte[2048])));
        try (GatewayBlockSource g = GatewayBlockSource.builder().gateway(url(liar)).maxBlockSize(1024).build()) {
            assertThrows(IntegrityException.class, () -> g.get(cid));
        }
    }

    @Test
    void stalledGatewayTimesOut() throws Exception {
        liar.enqueue(new MockResponse().setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.NO_RESPONSE));
        try (GatewayBlockSource g = GatewayBlockSource.builder().gateway(url(liar)).timeout(Duration.ofMillis(300)).build()) {
            IOException e = assertThrows(IOException.class, () -> g.get(cid));
            assertFalse(e instanceof BlockNotFoundException);
        }
    }

    @Test
    void prefetchVerifiesCarBlocksIntoTheCache() throws Exception {
        Path car = fixture("path_gateway_unixfs__dir-with-files.car");
        honest.enqueue(new MockResponse().setHeader("Content-Type", "application/vnd.ipld.car")
                .setBody(new Buffer().write(Files.readAllBytes(car))));
        Cid root = Cid.parse("bafybeihchr7vmgjaasntayyatmp5sv6xza57iy2h4xj7g46bpjij6yhrmy");
        Cid hello = Cid.parse("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
        try (GatewayBlockSource g = GatewayBlockSource.builder().gateway(url(honest)).build()) {
            int n = g.prefetch(root, 0, 1023L);
            assertTrue(n > 1);
            RecordedRequest req = honest.takeRequest();
            assertEquals("/ipfs/" + root + "?format=car&dag-scope=entity&entity-bytes=0:1023", req.getPath());
            assertTrue(req.getHeader("Accept").startsWith("application/vnd.ipld.car"));
            assertEquals("hello world\n", new String(g.get(hello), StandardCharsets.UTF_8));
            assertEquals(1, honest.getRequestCount());
        }
    }

    @Test
    void prefetchFromALyingCarFails() throws Exception {
        byte[] car = Files.readAllBytes(fixture("path_gateway_unixfs__dir-with-files.car"));
        car[car.length - 3] ^= 1;
        liar.enqueue(new MockResponse().setBody(new Buffer().write(car)));
        try (GatewayBlockSource g = GatewayBlockSource.builder().gateway(url(liar)).build()) {
            assertThrows(IntegrityException.class,
                    () -> g.prefetch(Cid.parse("bafybeihchr7vmgjaasntayyatmp5sv6xza57iy2h4xj7g46bpjij6yhrmy"), 0, null));
        }
    }

    @Test
    void corruptCacheEntryIsFetchedAgain() throws Exception {
        honest.enqueue(new MockResponse().setBody(new Buffer().write(data)));
        dev.vipfs.ipfs.block.BlockStore rotten = new dev.vipfs.ipfs.block.BlockStore() {
            @Override
            public byte[] get(Cid c) throws IOException {
                throw new IntegrityException("block " + c + " rotted on disk");
            }

            @Override
            public boolean has(Cid c) {
                return true;
            }

            @Override
            public void put(Cid c, byte[] d) {
            }
        };
        try (GatewayBlockSource g = GatewayBlockSource.builder().gateway(url(honest)).cache(rotten).build()) {
            assertArrayEquals(data, g.get(cid));
        }
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> GatewayBlockSource.builder().build());
        assertThrows(IllegalArgumentException.class, () -> GatewayBlockSource.builder().gateway("not a url"));
    }

    @Test
    void identityCidsNeedNoGateway() throws Exception {
        Cid id = Cid.v1(RAW, Multihash.identity(data));
        try (GatewayBlockSource g = GatewayBlockSource.builder().gateway(url(liar)).build()) {
            assertArrayEquals(data, g.get(id));
            assertEquals(0, liar.getRequestCount());
        }
    }

    static Path fixture(String name) {
        return TestCar.fixtures().resolve(name);
    }
}
