package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vipfs.ipfs.testkit.KuboDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import com.sun.security.auth.module.UnixSystem;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7 with the kubo store: files written through a real mount are pinned in a real Kubo (they
 * survive its garbage collection, old versions too), no plaintext reaches Kubo's repo, and a second
 * home holding only the private key reads the tree from the same Kubo and from a CAR export.
 */
class KuboStoreTest {
    private static final String MARKER = "PLAINTEXT-MARKER-4f1c9a7e-never-at-rest";

    @TempDir
    static Path tmp;
    static KuboDaemon kubo;
    static TestHome writer;
    static Path reader;
    static Path keyFile;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root (FUSE mounts)");
        kubo = KuboDaemon.start();
        writer = new TestHome(tmp.resolve("writer"));
        useKubo(writer.dir);
        // The "other machine": its own home holding the writer's private key and nothing else.
        keyFile = tmp.resolve("default.key");
        CliRunner.Result exported = CliRunner.run("--home", writer.dir.toString(), "key", "export-private", "default",
                "-o", keyFile.toString());
        assertEquals(0, exported.code(), exported.err());
        reader = homeWithKey("reader");
        useKubo(reader);
    }

    /** A new home whose only key is the writer's, imported as an operator would on another machine. */
    private static Path homeWithKey(String name) {
        Path home = tmp.resolve(name);
        CliRunner.Result r = CliRunner.run("--home", home.toString(), "init", "--import-key", keyFile.toString());
        assertEquals(0, r.code(), r.err());
        return home;
    }

    @AfterAll
    static void stop() throws Exception {
        if (kubo != null) {
            kubo.close();
        }
    }

    private static void useKubo(Path home) throws Exception {
        TestHome.configure(home, config -> {
            config.put("store", "kubo");
            config.put("kubo_api", kubo.apiAddress());
            config.put("kubo_gateway", kubo.gatewayUrl());
        });
    }

    /** What {@code vipfs cat} prints; the test's contents are ASCII, so the captured text is exact. */
    private static byte[] cat(Path home, String path) {
        CliRunner.Result r = CliRunner.run("--home", home.toString(), "cat", path);
        assertEquals(0, r.code(), r.err());
        return r.out().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void writtenFilesArePinnedAndReadableElsewhere() throws Exception {
        byte[] v1 = (MARKER + " version one\n").repeat(50).getBytes(StandardCharsets.US_ASCII);
        byte[] v2 = (MARKER + " version two\n").repeat(70).getBytes(StandardCharsets.US_ASCII);
        byte[] noise = new byte[225_000];
        new Random(7).nextBytes(noise);
        // Several segments of printable text (300,000 bytes), with the marker inside.
        byte[] big = (Base64.getEncoder().encodeToString(noise) + MARKER).getBytes(StandardCharsets.US_ASCII);
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        String v1Cid;
        String v2Cid;
        String bigCid;
        String rootCid;
        try (Daemon d = Daemon.start(writer.dir, mnt, "--stay-root")) {
            Path data = mnt.resolve("data");
            Files.write(data.resolve("report.txt"), v1);
            v1Cid = Xattrs.cid(data.resolve("report.txt"));
            Files.write(data.resolve("report.txt"), v2);
            v2Cid = Xattrs.cid(data.resolve("report.txt"));
            Files.createDirectories(data.resolve("sub"));
            Files.write(data.resolve("sub/big.bin"), big);
            bigCid = Xattrs.cid(data.resolve("sub/big.bin"));
            rootCid = Xattrs.cid(data);
            assertFalse(v1Cid.equals(v2Cid), "an overwrite is a new version with its own CID");
        }

        // Unpinned blocks would go now: everything written must survive.
        kubo.run("repo", "gc");
        String pins = kubo.run("pin", "ls", "--type=recursive", "--quiet");
        for (String c : new String[] {v1Cid, v2Cid, bigCid, rootCid}) {
            assertTrue(pins.contains(c), c + " is not pinned; pins: " + pins);
        }

        // A home with only the private key, same Kubo: the tree and the old version read back.
        assertArrayEquals(v2, cat(reader, rootCid + "/report.txt"));
        assertArrayEquals(big, cat(reader, rootCid + "/sub/big.bin"));
        assertArrayEquals(v1, cat(reader, v1Cid));

        // The same from a CAR export into a third home that uses its embedded store.
        Path car = tmp.resolve("tree.car");
        CliRunner.Result export = CliRunner.run("--home", reader.toString(), "car", "export", "-o", car.toString(), rootCid);
        assertEquals(0, export.code(), export.err());
        Path offline = homeWithKey("offline");
        CliRunner.Result imported = CliRunner.run("--home", offline.toString(), "car", "import", car.toString());
        assertEquals(0, imported.code(), imported.err());
        assertArrayEquals(big, cat(offline, rootCid + "/sub/big.bin"));
        assertArrayEquals(v2, cat(offline, rootCid + "/report.txt"));

        // No plaintext at rest in Kubo's repo.
        byte[] marker = MARKER.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(kubo.repo())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(contains(Files.readAllBytes(f), marker), "plaintext marker found in " + f);
            }
        }
    }

    @Test
    void carImportIntoKuboPinsTheRoots() throws Exception {
        Path source = homeWithKey("car-source");
        Path file = tmp.resolve("shipped.txt");
        Files.writeString(file, "shipped as a CAR into Kubo");
        CliRunner.Result added = CliRunner.run("--home", source.toString(), "add", "-Q", file.toString());
        assertEquals(0, added.code(), added.err());
        String cid = added.out().strip();
        Path car = tmp.resolve("shipped.car");
        CliRunner.Result export = CliRunner.run("--home", source.toString(), "car", "export", "-o", car.toString(), cid);
        assertEquals(0, export.code(), export.err());

        CliRunner.Result imported = CliRunner.run("--home", reader.toString(), "car", "import", car.toString());
        assertEquals(0, imported.code(), imported.err());
        kubo.run("repo", "gc");
        assertTrue(kubo.run("pin", "ls", "--type=recursive", "--quiet").contains(cid), "CAR root not pinned");
        assertArrayEquals(Files.readAllBytes(file), cat(reader, cid));
    }

    @Test
    void largeFilesReadThroughTheMountWithGatewayReadAhead() throws Exception {
        byte[] large = randomBytes(24 << 20, 9); // 384 segments: three parents of the payload DAG
        String cid = addToWriter("large.bin", large);
        Path mnt = Files.createDirectories(tmp.resolve("mnt-large"));
        try (Daemon d = Daemon.start(reader, mnt, "--stay-root")) {
            assertArrayEquals(large, Files.readAllBytes(mnt.resolve(cid)), "sequential read");
            // A second reader starting in the middle of a parent, on a fresh handle.
            try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(mnt.resolve(cid))) {
                ch.position(13_000_000);
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(6 << 20);
                while (buf.hasRemaining() && ch.read(buf) > 0) {
                    // fill
                }
                assertArrayEquals(java.util.Arrays.copyOfRange(large, 13_000_000, 13_000_000 + (6 << 20)), buf.array());
            }
        }
    }

    @Test
    void aMountWarmsUpOverWhatKuboHoldsBeforeServing() throws Exception {
        byte[] content = randomBytes(6 << 20, 11); // large enough for the warm-up's streaming read
        String cid = addToWriter("warm.bin", content);
        Path mnt = Files.createDirectories(tmp.resolve("mnt-warm"));
        try (Daemon d = Daemon.start(writer.dir, mnt, "--stay-root")) {
            // The first read is answered only once init, and so the warm-up, has returned.
            assertArrayEquals(content, Files.readAllBytes(mnt.resolve(cid)));
            // Only blocks Kubo holds are asked for (offline block/get, only-if-cached gateway
            // requests), so the warm-up runs on this store too.
            assertTrue(d.output().contains("vipfs: warmed up as uid"), d.output());
            assertFalse(d.output().contains("no warm-up"), d.output());
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Adds {@code content} through the writer's home (into Kubo) and returns its CID. */
    private static String addToWriter(String name, byte[] content) throws Exception {
        Path source = tmp.resolve(name);
        Files.write(source, content);
        CliRunner.Result added = CliRunner.run("--home", writer.dir.toString(), "add", "-Q", source.toString());
        assertEquals(0, added.code(), added.err());
        return added.out().strip();
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
