package dev.vipfs.ipfs.kubo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.block.cache.MemoryCacheStore;
import dev.vipfs.ipfs.testkit.KuboDaemon;
import dev.vipfs.ipfs.unixfs.directory.DirEntry;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The key parity test: our UnixfsImporter and Kubo v0.42.0's {@code ipfs add} must produce the
 * same CIDs for the same bytes and options, for boundary file sizes and a HAMT-sharded tree.
 * Also: blocks our importer writes through KuboBlockSource are what {@code ipfs cat} reads, and
 * a tree Kubo wrote is listed and read by UnixfsReader over the RPC API.
 */
class KuboParityTest {
    private static final int CHUNK = 256 * 1024;
    private static final long[] SIZES = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 174L * CHUNK + 1};

    private static KuboDaemon kubo;
    private static KuboBlockSource source;
    private static Path work;
    private static Path tree;

    @BeforeAll
    static void setUp() throws IOException {
        kubo = KuboDaemon.start();
        source = KuboBlockSource.builder().address(kubo.apiAddress()).timeout(Duration.ofSeconds(60)).build();
        work = Files.createTempDirectory("vipfs-parity-");
        for (long size : SIZES) {
            writeRandom(file(size), size, size);
        }
        tree = work.resolve("tree");
        buildHamtTree(tree);
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (source != null) {
            source.close();
        }
        if (kubo != null) {
            kubo.close();
        }
        if (work != null) {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path file(long size) {
        return work.resolve("file-" + size + ".bin");
    }

    private static void writeRandom(Path path, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(path)) {
            for (long left = size; left > 0; left -= buf.length) {
                random.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
    }

    /** Enough long names that Kubo's 256 KiB directory-size estimate switches to a HAMT. */
    private static void buildHamtTree(Path root) throws IOException {
        Path sharded = root.resolve("sharded");
        Files.createDirectories(sharded);
        for (int i = 0; i < 5000; i++) {
            Files.writeString(sharded.resolve(String.format("a-fairly-long-file-name-for-sharding-%05d.txt", i)), "entry " + i + "\n");
        }
        Path plain = root.resolve("plain");
        Files.createDirectories(plain.resolve("empty-dir"));
        Files.writeString(plain.resolve("hello.txt"), "hello world\n");
        Files.write(plain.resolve("empty.txt"), new byte[0]);
        writeRandom(plain.resolve("multi.bin"), 3L * CHUNK + 17, 99);
        Files.writeString(plain.resolve("ünïcødé name.txt"), "utf-8 names\n");
    }

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (long size : SIZES) {
            out.add(Arguments.of(size, "default", List.of(), ImportOptions.kuboDefault()));
            out.add(Arguments.of(size, "--cid-version=1", List.of("--cid-version=1"), ImportOptions.kuboDefault().withCidVersion(1)));
            out.add(Arguments.of(size, "--raw-leaves", List.of("--raw-leaves"), ImportOptions.kuboDefault().withRawLeaves(true)));
            out.add(Arguments.of(size, "unixfs-v1-2025", List.of("--cid-version=1", "--raw-leaves", "--chunker=size-1048576",
                    "--max-file-links=1024"), ImportOptions.profile(ImportOptions.UNIXFS_V1_2025)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} bytes, {1}")
    @MethodSource("variants")
    void fileCidsMatchIpfsAdd(long size, String name, List<String> flags, ImportOptions options) throws IOException {
        Cid kuboCid = Cid.parse(kuboAdd(flags, file(size)));
        ImportedNode ours;
        try (MemoryCacheStore store = new MemoryCacheStore(256L << 20); InputStream in = Files.newInputStream(file(size))) {
            ours = new UnixfsImporter(store, options).addFile(in);
        }
        assertEquals(kuboCid, ours.cid(), "file of " + size + " bytes with " + name);
        assertEquals(size, ours.contentSize());
    }

    @Test
    void hamtTreeCidsMatchIpfsAddRecursive() throws IOException {
        for (List<String> flags : List.of(List.<String>of(), List.of("--cid-version=1"))) {
            ImportOptions options = flags.isEmpty() ? ImportOptions.kuboDefault() : ImportOptions.kuboDefault().withCidVersion(1);
            Map<String, String> kuboCids = new TreeMap<>();
            List<String> args = new ArrayList<>(List.of("add", "-r", "--pin=false"));
            args.addAll(flags);
            args.add(tree.toString());
            for (String line : kubo.run(args.toArray(String[]::new)).split("\n")) {
                String[] parts = line.split(" ", 3);
                kuboCids.put(parts[2], parts[1]);
            }
            Map<String, String> ourCids = new TreeMap<>();
            ImportedNode root;
            try (MemoryCacheStore store = new MemoryCacheStore(256L << 20)) {
                root = new UnixfsImporter(store, options).addPath(tree, (path, node) -> {
                    Path rel = path.isAbsolute() ? tree.getParent().relativize(path) : path;
                    ourCids.put(rel.toString(), node.cid().toString());
                });
            }
            String kuboRoot = kuboCids.get("tree");
            for (Map.Entry<String, String> e : kuboCids.entrySet()) {
                String ours = ourCids.get(e.getKey());
                if (ours != null && !ours.equals(e.getValue())) {
                    assertEquals(e.getValue(), ours, "CID of " + e.getKey() + " with flags " + flags);
                }
            }
            assertEquals(Cid.parse(kuboRoot), root.cid(), "root of the HAMT tree with flags " + flags);
            Cid sharded = Cid.parse(kuboCids.get("tree/sharded"));
            // Kubo really sharded it: a HAMT root has at most 256 links, not 5000.
            int links = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(kubo.run("dag", "get", sharded.toString())).path("Links").size();
            assertTrue(links > 0 && links <= 256, "sharded dir root has " + links + " links");
        }
    }

    @Test
    void filesWeImportIntoKuboAreReadableByIpfsCat() throws IOException {
        byte[] content = Files.readAllBytes(file(CHUNK + 1));
        ImportedNode node;
        try (InputStream in = Files.newInputStream(file(CHUNK + 1))) {
            node = new UnixfsImporter(source, ImportOptions.kuboDefault()).addFile(in);
        }
        assertArrayEquals(content, kubo.runBytes("cat", node.cid().toString()));
    }

    @Test
    void treeKuboWroteIsListedAndReadOverTheRpcApi() throws IOException {
        Cid root = Cid.parse(kubo.run("add", "-r", "-Q", "--pin=false", tree.toString()));
        UnixfsReader reader = new UnixfsReader(source);
        assertEquals(List.of("plain", "sharded"), reader.list(root).stream().map(DirEntry::name).toList());

        Cid sharded = reader.lookup(root, "sharded").orElseThrow();
        assertEquals(5000, reader.list(sharded).size());
        Cid entry = reader.lookup(sharded, "a-fairly-long-file-name-for-sharding-01234.txt").orElseThrow();
        byte[] buf = new byte[64];
        int n = reader.read(entry, 0, buf, 0, buf.length);
        assertEquals("entry 1234\n", new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(reader.lookup(sharded, "no-such-name").isEmpty());

        Cid plain = reader.lookup(root, "plain").orElseThrow();
        Cid multi = reader.lookup(plain, "multi.bin").orElseThrow();
        byte[] expected = Files.readAllBytes(tree.resolve("plain/multi.bin"));
        assertEquals(expected.length, reader.stat(multi).size());
        byte[] across = new byte[100_000];
        long offset = CHUNK - 50_000;
        int got = 0;
        while (got < across.length) {
            int r = reader.read(multi, offset + got, across, got, across.length - got);
            assertTrue(r > 0, "short read at " + (offset + got));
            got += r;
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, (int) offset, (int) offset + across.length), across);
    }

    private static String kuboAdd(List<String> flags, Path file) throws IOException {
        List<String> args = new ArrayList<>(List.of("add", "-Q", "--pin=false"));
        args.addAll(flags);
        args.add(file.toString());
        return kubo.run(args.toArray(String[]::new));
    }
}
