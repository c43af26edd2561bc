package dev.vipfs.ipfs.kubo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.BlockStream;
import dev.vipfs.ipfs.block.FileLeaf;
import dev.vipfs.ipfs.block.IntegrityException;
import dev.vipfs.ipfs.block.cache.CachingBlockSource;
import dev.vipfs.ipfs.car.CarBlock;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.unixfs.codec.LeafLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attack on leaves rebuilt from a parent's file bytes: whoever answers on Kubo's gateway port sends
 * other content, too little or a range it was not asked for. A rebuilt leaf is handed out only when the
 * whole block hashes to the leaf's CID: a wrong byte in a raw or a dag-pb leaf is an integrity error at
 * that leaf, a short response an I/O error, and a reader never gets the crafted bytes.
 */
class CraftedFileLeavesTest {
    private static final int N = 3000;
    private final byte[] rawContent = bytes(1, N);
    private final byte[] pbContent = bytes(2, N);
    private final Cid rawLeaf = Cid.v1(Multicodec.RAW, Multihash.sha256(rawContent));
    private final Cid pbLeaf = Cid.v0(Multihash.sha256(dagPb(pbContent)));
    private final Cid parent = Cid.v1(Multicodec.RAW, Multihash.sha256(new byte[] {7}));
    private final List<FileLeaf> leaves = List.of(new FileLeaf(rawLeaf, 0, N, N),
            new FileLeaf(pbLeaf, N, N, LeafLayout.dagPbSize(N)));
    /** What the gateway answers for the parent's file, and what block/get answers, by CID. */
    private volatile MockResponse file;
    private final Map<String, byte[]> api = new ConcurrentHashMap<>();
    private final List<String> gatewayPaths = new CopyOnWriteArrayList<>();
    private MockWebServer server;
    private KuboBlockSource kubo;

    private static byte[] bytes(int seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] dagPb(byte[] content) {
        LeafLayout l = LeafLayout.dagPb(content.length);
        System.arraycopy(content, 0, l.block(), l.contentOffset(), content.length);
        return l.block();
    }

    private byte[] parentContent() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(rawContent);
        out.writeBytes(pbContent);
        return out.toByteArray();
    }

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                if (r.getPath().startsWith("/ipfs/")) {
                    gatewayPaths.add(r.getPath() + (r.getHeader("Range") == null ? "" : " " + r.getHeader("Range")));
                    return r.getPath().contains("format=car") ? new MockResponse().setResponseCode(500) : file;
                }
                byte[] b = api.get(String.valueOf(r.getRequestUrl().queryParameter("arg")));
                return b == null ? new MockResponse().setResponseCode(500).setBody("{\"Message\":\"block not found\"}")
                        : new MockResponse().setBody(new Buffer().write(b));
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        kubo = KuboBlockSource.builder().address(server.url("/").toString()).gateway(server.url("/").toString()).build();
    }

    @AfterEach
    void stop() throws IOException {
        kubo.close();
        server.shutdown();
    }

    private void serve(byte[] body) {
        file = new MockResponse().setBody(new Buffer().write(body));
    }

    @Test
    void honestContentRebuildsBothKindsOfLeaf() throws IOException {
        serve(parentContent());
        try (BlockStream s = kubo.exportLeaves(parent, leaves)) {
            CarBlock a = s.next();
            CarBlock b = s.next();
            assertEquals(rawLeaf, a.cid());
            assertArrayEquals(rawContent, a.data());
            assertEquals(pbLeaf, b.cid());
            assertArrayEquals(dagPb(pbContent), b.data());
            assertNull(s.next());
        }
        assertEquals(List.of("/ipfs/" + parent), gatewayPaths, "one file request, no CAR");
    }

    @Test
    void aWrongByteInARawLeafIsAnIntegrityError() throws IOException {
        byte[] crafted = parentContent();
        crafted[N / 2] ^= 1;
        serve(crafted);
        try (BlockStream s = kubo.exportLeaves(parent, leaves)) {
            assertThrows(IntegrityException.class, s::next);
        }
    }

    @Test
    void aWrongByteInADagPbLeafIsAnIntegrityErrorAfterTheGoodRawOne() throws IOException {
        byte[] crafted = parentContent();
        crafted[N + N - 1] ^= 1;
        serve(crafted);
        try (BlockStream s = kubo.exportLeaves(parent, leaves)) {
            assertArrayEquals(rawContent, s.next().data());
            assertThrows(IntegrityException.class, s::next);
        }
    }

    @Test
    void aShortResponseIsAnIoErrorAndExtraBytesAreNeverPartOfALeaf() throws IOException {
        byte[] content = parentContent();
        serve(java.util.Arrays.copyOf(content, content.length - 1));
        try (BlockStream s = kubo.exportLeaves(parent, leaves)) {
            s.next();
            IOException e = assertThrows(IOException.class, s::next);
            assertFalse(e instanceof IntegrityException, e.toString());
        }
        serve(java.util.Arrays.copyOf(content, content.length + 100));
        try (BlockStream s = kubo.exportLeaves(parent, leaves)) {
            assertArrayEquals(rawContent, s.next().data());
            assertArrayEquals(dagPb(pbContent), s.next().data());
            assertNull(s.next());
        }
    }

    @Test
    void aRangeAnsweredFromTheStartIsNotCutAsIfItWereTheRange() throws IOException {
        serve(parentContent()); // 200 with the whole file to a Range request
        assertThrows(IOException.class, () -> kubo.exportLeaves(parent, leaves.subList(1, 2)),
                "the CAR fallback (500 here), never the wrong cut");
        assertEquals(List.of("/ipfs/" + parent + " bytes=" + N + "-", "/ipfs/" + parent + "?format=car&dag-scope=all"), gatewayPaths);
        file = new MockResponse().setResponseCode(206).setHeader("Content-Range", "bytes " + N + "-" + (2 * N - 1) + "/" + 2 * N)
                .setBody(new Buffer().write(pbContent));
        try (BlockStream s = kubo.exportLeaves(parent, leaves.subList(1, 2))) {
            assertArrayEquals(dagPb(pbContent), s.next().data());
        }
    }

    @Test
    void leavesWithAnotherLayoutGoAsCars() {
        assertTrue(FileLeafStream.canRebuild(leaves, 1 << 20));
        assertFalse(FileLeafStream.canRebuild(List.of(new FileLeaf(pbLeaf, 0, N, N + 40)), 1 << 20), "metadata or a foreign layout");
        assertFalse(FileLeafStream.canRebuild(List.of(leaves.get(1), leaves.get(0)), 1 << 20), "out of order");
        assertFalse(FileLeafStream.canRebuild(leaves, N - 1), "over the block size limit");
        assertFalse(FileLeafStream.canRebuild(List.of(new FileLeaf(rawLeaf, 0, -1, -1)), 1 << 20), "a blocksize past 2^63");
    }

    @Test
    void throughTheCacheAReaderGetsTheRealBytesOrAnIntegrityErrorNeverTheCraftedOnes() throws IOException {
        byte[] crafted = parentContent();
        crafted[3] ^= 1;
        serve(crafted);
        api.put(rawLeaf.toString(), rawContent);
        CachingBlockSource cache = new CachingBlockSource(kubo, 1 << 20);
        cache.readAhead(parent, leaves);
        assertArrayEquals(rawContent, cache.get(rawLeaf), "fetched alone after the stream was refused");
        assertEquals(0, cache.streamedBlocks());

        crafted = parentContent();
        crafted[N + 5] ^= 1;
        serve(crafted);
        api.put(pbLeaf.toString(), dagPb(bytes(3, N))); // the API lies too
        CachingBlockSource lied = new CachingBlockSource(kubo, 1 << 20);
        lied.readAhead(parent, leaves);
        assertArrayEquals(rawContent, lied.get(rawLeaf));
        assertThrows(IntegrityException.class, () -> lied.get(pbLeaf));
        assertEquals(1, lied.streamedBlocks(), "the good leaf before the crafted one");
    }
}
