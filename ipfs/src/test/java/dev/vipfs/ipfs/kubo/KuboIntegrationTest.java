package dev.vipfs.ipfs.kubo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.car.CarExporter;
import dev.vipfs.ipfs.car.CarImporter;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.gateway.GatewayBlockSource;
import dev.vipfs.ipfs.block.cache.MemoryCacheStore;
import dev.vipfs.ipfs.testcar.TestCar;
import dev.vipfs.ipfs.testkit.KuboDaemon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KuboBlockSource, the CAR codec and the gateway source against one real offline Kubo daemon. */
class KuboIntegrationTest {
    private static final long RAW = 0x55;
    private static KuboDaemon kubo;
    private static KuboBlockSource source;

    @BeforeAll
    static void startKubo() throws IOException {
        kubo = KuboDaemon.start();
        source = KuboBlockSource.builder().address(kubo.apiAddress()).timeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    static void stopKubo() throws IOException {
        if (source != null) {
            source.close();
        }
        if (kubo != null) {
            kubo.close();
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void blocksWePutAreKubosBlocks() throws IOException {
        byte[] data = random(1000, 1);
        Cid cid = Cid.v1(RAW, Multihash.sha256(data));
        assertFalse(source.has(cid));
        source.put(cid, data);
        assertTrue(source.has(cid));
        assertArrayEquals(data, kubo.runBytes("block", "get", cid.toString()));
        // A raw block is a complete UnixFS file to Kubo.
        assertArrayEquals(data, kubo.runBytes("cat", cid.toString()));
        assertArrayEquals(data, source.get(cid));
        source.client().pin(cid, true);
        assertTrue(kubo.run("pin", "ls", "--type=recursive", cid.toString()).contains(cid.toString()));
    }

    @Test
    void readsBlocksKuboAdded(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("f.txt");
        Files.writeString(file, "hello from kubo\n");
        Cid cid = Cid.parse(kubo.run("add", "-Q", "--raw-leaves", "--cid-version=1", file.toString()));
        assertEquals("hello from kubo\n", new String(source.get(cid), StandardCharsets.UTF_8));
    }

    @Test
    void missingBlockIsNotFound() throws IOException {
        Cid absent = Cid.v1(RAW, Multihash.sha256("never added".getBytes(StandardCharsets.UTF_8)));
        BlockNotFoundException e = assertThrows(BlockNotFoundException.class, () -> source.get(absent));
        assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
        assertFalse(source.has(absent));
    }

    @Test
    void addAndCatHelpersMatchTheCli() throws IOException {
        byte[] data = random(700_000, 2);
        Cid added = source.client().add(new ByteArrayInputStream(data), Map.of("cid-version", "1", "pin", "false"));
        assertEquals(1, added.version());
        try (InputStream in = source.client().cat(added)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertArrayEquals(data, kubo.runBytes("cat", added.toString()));
    }

    @Test
    void kuboDagExportImportsAndReExportsIdentically(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("tree");
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("big.bin"), random(1_200_000, 3));
        Files.writeString(dir.resolve("a.txt"), "a\n");
        Files.writeString(dir.resolve("sub/a.txt"), "a\n");
        Files.write(dir.resolve("sub/mid.bin"), random(300_000, 4));
        Cid root = Cid.parse(kubo.run("add", "-r", "-Q", dir.toString()));
        byte[] kuboCar = kubo.runBytes("dag", "export", root.toString());

        MemoryCacheStore store = new MemoryCacheStore(64L << 20);
        List<Cid> roots = CarImporter.importTo(new ByteArrayInputStream(kuboCar), store);
        assertEquals(List.of(root), roots);

        ByteArrayOutputStream fromStore = new ByteArrayOutputStream();
        CarExporter.export(store, root, fromStore);
        assertArrayEquals(kuboCar, fromStore.toByteArray(), "our export of Kubo's blocks differs from ipfs dag export");

        ByteArrayOutputStream overRpc = new ByteArrayOutputStream();
        CarExporter.export(source, root, overRpc);
        assertArrayEquals(kuboCar, overRpc.toByteArray(), "export over the RPC API differs from ipfs dag export");
    }

    @Test
    void inlinedIdentityBlocksExportLikeKubo(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("inline");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("a"), "hi\n");
        Files.writeString(dir.resolve("b"), "yo\n");
        Files.write(dir.resolve("c"), random(5000, 6));
        Cid root = Cid.parse(kubo.run("add", "-r", "-Q", "--inline", "--cid-version=1", dir.toString()));
        byte[] kuboCar = kubo.runBytes("dag", "export", root.toString());
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        CarExporter.export(source, root, ours);
        assertArrayEquals(kuboCar, ours.toByteArray(), "Kubo writes identity blocks into its CARs, and so must we");
    }

    @Test
    void dagCborLinksExportLikeKubo(@TempDir Path tmp) throws IOException {
        byte[] x = random(300, 9);
        byte[] y = random(400, 10);
        Cid cx = Cid.v1(RAW, Multihash.sha256(x));
        Cid cy = Cid.v1(RAW, Multihash.sha256(y));
        source.put(cx, x);
        source.put(cy, y);
        Path json = tmp.resolve("node.json");
        Files.writeString(json, "{\"z\": {\"/\": \"" + cx + "\"}, \"list\": [{\"/\": \"" + cy + "\"}, {\"/\": \"" + cx + "\"}], \"n\": 1}");
        Cid root = Cid.parse(kubo.runWithInput(json, "dag", "put"));
        assertEquals(0x71, root.codec());
        byte[] kuboCar = kubo.runBytes("dag", "export", root.toString());
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        assertEquals(3, CarExporter.export(source, root, ours));
        assertArrayEquals(kuboCar, ours.toByteArray());
    }

    @Test
    void ourCarExportImportsIntoKubo(@TempDir Path tmp) throws IOException {
        Path fixture = fixture("path_gateway_unixfs__dir-with-files.car");
        MemoryCacheStore store = new MemoryCacheStore(16L << 20);
        List<Cid> roots;
        try (InputStream in = Files.newInputStream(fixture)) {
            roots = CarImporter.importTo(in, store);
        }
        Path car = tmp.resolve("ours.car");
        try (var out = Files.newOutputStream(car)) {
            CarExporter.export(store, roots.get(0), out);
        }
        String imported = kubo.run("dag", "import", "--pin-roots", "--stats", car.toString());
        assertTrue(imported.contains(roots.get(0).toString()), imported);
        assertEquals("hello world\n", kubo.run("cat", roots.get(0) + "/hello.txt") + "\n");
        assertArrayEquals(Files.readAllBytes(car), kubo.runBytes("dag", "export", roots.get(0).toString()));
    }

    @Test
    void gatewaySourceReadsThroughKubosGateway(@TempDir Path tmp) throws IOException {
        byte[] content = random(1_000_000, 5);
        Path file = tmp.resolve("g.bin");
        Files.write(file, content);
        Cid root = Cid.parse(kubo.run("add", "-Q", "--cid-version=1", "--chunker=size-262144", file.toString()));
        Cid leaf = Cid.v1(RAW, Multihash.sha256(java.util.Arrays.copyOfRange(content, 0, 262144)));
        try (GatewayBlockSource g = GatewayBlockSource.builder().gateway(kubo.gatewayUrl()).timeout(Duration.ofSeconds(20)).build()) {
            assertArrayEquals(source.get(root), g.get(root));
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 0, 262144), g.get(leaf));
            Cid absent = Cid.v1(RAW, Multihash.sha256("absent".getBytes(StandardCharsets.UTF_8)));
            assertThrows(BlockNotFoundException.class, () -> g.get(absent));
            assertFalse(g.has(absent));
        }
        try (GatewayBlockSource g = GatewayBlockSource.builder().gateway(kubo.gatewayUrl()).build()) {
            assertTrue(g.has(leaf), "HEAD on the gateway finds the leaf");
            assertFalse(g.cache().has(leaf));
        }
        // A ranged CAR fetch brings the root and only the leaves covering the range.
        MemoryCacheStore cache = new MemoryCacheStore(16L << 20);
        try (GatewayBlockSource g = GatewayBlockSource.builder().gateway(kubo.gatewayUrl()).cache(cache).build()) {
            int n = g.prefetch(root, 300_000, 600_000L);
            assertEquals(3, n, "root + the two leaves covering bytes 300000..600000");
            assertTrue(cache.has(root));
            Cid second = Cid.v1(RAW, Multihash.sha256(java.util.Arrays.copyOfRange(content, 262144, 524288)));
            assertTrue(cache.has(second));
            assertFalse(cache.has(leaf));
        }
    }

    @Test
    void exportsASubtreeFromTheGatewayInOneVerifiedStream() throws IOException {
        byte[] data = random(3 << 20, 11);
        Cid root = source.client().add(new ByteArrayInputStream(data), Map.of("cid-version", "1", "chunker", "size-65536"));
        assertFalse(source.canExportDags(), "no gateway configured");
        assertThrows(IOException.class, () -> source.exportDag(root));
        try (KuboBlockSource k = KuboBlockSource.builder().address(kubo.apiAddress()).gateway(kubo.gatewayUrl()).build()) {
            assertTrue(k.canExportDags());
            java.util.Set<Cid> got = new java.util.HashSet<>();
            ByteArrayOutputStream leaves = new ByteArrayOutputStream();
            try (dev.vipfs.ipfs.car.CarReader car = k.exportDag(root)) {
                for (dev.vipfs.ipfs.car.CarBlock b = car.next(); b != null; b = car.next()) {
                    got.add(b.cid());
                    if (b.cid().codec() == RAW) {
                        leaves.write(b.data()); // depth first: the leaves arrive in file order
                    }
                }
            }
            assertEquals(1 + 48, got.size(), "the root and its 48 leaves");
            assertTrue(got.contains(root));
            assertArrayEquals(data, leaves.toByteArray());

            // A root Kubo lacks: an error status or a CAR that ends before any block, never a wrong block.
            Cid absent = Cid.v1(RAW, Multihash.sha256(new byte[] {7, 7}));
            try (dev.vipfs.ipfs.car.CarReader car = k.exportDag(absent)) {
                assertEquals(null, car.next());
            } catch (IOException expected) {
                // also acceptable
            }
        }
    }

    @Test
    void hungDaemonTimesOutInsteadOfHanging() throws IOException {
        byte[] data = random(100, 8);
        Cid cid = Cid.v1(RAW, Multihash.sha256(data));
        source.put(cid, data);
        try (KuboBlockSource impatient = KuboBlockSource.builder().address(kubo.apiAddress())
                .timeout(Duration.ofMillis(500)).build()) {
            kubo.freeze();
            try {
                IOException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                        () -> assertThrows(IOException.class, () -> impatient.get(cid)));
                assertFalse(e instanceof BlockNotFoundException, e.toString());
            } finally {
                kubo.thaw();
            }
            assertArrayEquals(data, impatient.get(cid));
        }
    }

    @Test
    void servesManyThreadsAtOnce() throws Exception {
        List<Cid> cids = new java.util.ArrayList<>();
        List<byte[]> blocks = new java.util.ArrayList<>();
        for (int i = 0; i < 32; i++) {
            byte[] data = random(10_000 + i, 100 + i);
            Cid cid = Cid.v1(RAW, Multihash.sha256(data));
            source.put(cid, data);
            cids.add(cid);
            blocks.add(data);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 64; i++) {
                        int k = (i + offset) % cids.size();
                        assertArrayEquals(blocks.get(k), source.get(cids.get(k)));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void catOfAMissingSubtreeFailsInsteadOfEndingEarly(@TempDir Path tmp) throws IOException {
        Path car = fixture("trustless_gateway_car__file-3k-and-3-blocks-missing-block.car");
        String imported = kubo.run("dag", "import", "--pin-roots=false", "--stats", car.toString());
        assertTrue(imported.contains("Imported"), imported);
        Cid root = Cid.parse("QmYhmPjhFjYFyaoiuNzYv8WGavpSRDwdHWe5B4M5du5Rtk");
        IOException e = assertThrows(IOException.class, () -> {
            try (InputStream in = source.client().cat(root)) {
                in.readAllBytes();
            }
        });
        assertTrue(e.getMessage().contains("not found") || e.getMessage().contains("could not find")
                || e.getMessage().contains("mid-stream"), e.getMessage());
    }

    static Path fixture(String name) {
        return TestCar.fixtures().resolve(name);
    }

}
