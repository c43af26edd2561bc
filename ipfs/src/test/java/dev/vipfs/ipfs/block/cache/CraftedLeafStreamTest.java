package dev.vipfs.ipfs.block.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vipfs.ipfs.block.FileLeaf;
import dev.vipfs.ipfs.block.IntegrityException;
import dev.vipfs.ipfs.car.CarWriter;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.kubo.KuboBlockSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attack on the streamed read path: a daemon (or whoever answers on its gateway port) sends a
 * CAR whose block under a leaf's CID holds other bytes. The stream is refused at that block; the
 * reader gets the real bytes from a single verified fetch, or an integrity error when that lies too,
 * and never the crafted bytes.
 */
class CraftedLeafStreamTest {
    private final byte[] good = "the real segment".getBytes(StandardCharsets.UTF_8);
    private final byte[] evil = "the attacker's segment".getBytes(StandardCharsets.UTF_8);
    private final byte[] other = "a second real segment".getBytes(StandardCharsets.UTF_8);
    private final Cid leaf = Cid.v1(Multicodec.RAW, Multihash.sha256(good));
    private final Cid leaf2 = Cid.v1(Multicodec.RAW, Multihash.sha256(other));
    private final Cid parent = Cid.v1(Multicodec.RAW, Multihash.sha256("parent".getBytes(StandardCharsets.UTF_8)));
    /** What the RPC API answers to block/get, by CID. */
    private final Map<String, byte[]> api = new ConcurrentHashMap<>();
    private final AtomicInteger gatewayCalls = new AtomicInteger();
    private MockWebServer server;
    private KuboBlockSource kubo;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String path = r.getPath();
                if (path.startsWith("/ipfs/" + parent) && !path.contains("format=car")) {
                    // A gateway that serves no files: the source falls back to the parent's CAR.
                    return new MockResponse().setResponseCode(406);
                }
                if (path.startsWith("/ipfs/" + parent)) {
                    gatewayCalls.incrementAndGet();
                    return new MockResponse().setBody(new Buffer().write(craftedCar()));
                }
                String arg = r.getRequestUrl().queryParameter("arg");
                byte[] b = arg == null ? null : api.get(arg);
                return b == null ? new MockResponse().setResponseCode(500).setBody("{\"Message\":\"block not found\"}")
                        : new MockResponse().setBody(new Buffer().write(b));
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        if (kubo != null) {
            kubo.close();
        }
        server.shutdown();
    }

    /** The real second leaf after a crafted first one: the reader must not get past the lie. */
    private byte[] craftedCar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter w = new CarWriter(out, List.of(parent))) {
            w.write(leaf, evil);
            w.write(leaf2, other);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private List<FileLeaf> leaves() {
        return List.of(new FileLeaf(leaf, 0, good.length, good.length), new FileLeaf(leaf2, good.length, other.length, other.length));
    }

    private CachingBlockSource source() throws IOException {
        kubo = KuboBlockSource.builder().address(server.url("/").toString())
                .gateway(server.url("/").toString()).build();
        return new CachingBlockSource(kubo, 1 << 20);
    }

    @Test
    void aCraftedStreamedBlockIsRefusedAndTheRealOneFetched() throws IOException {
        api.put(leaf.toString(), good);
        api.put(leaf2.toString(), other);
        CachingBlockSource cache = source();
        cache.readAhead(parent, leaves());
        assertArrayEquals(good, cache.get(leaf));
        assertArrayEquals(other, cache.get(leaf2));
        assertEquals(1, gatewayCalls.get());
        assertEquals(0, cache.streamedBlocks(), "nothing after the crafted block came from the stream");
    }

    @Test
    void whenTheApiLiesTooTheReadIsAnIntegrityError() throws IOException {
        api.put(leaf.toString(), evil);
        CachingBlockSource cache = source();
        cache.readAhead(parent, leaves());
        assertThrows(IntegrityException.class, () -> cache.get(leaf));
    }
}
