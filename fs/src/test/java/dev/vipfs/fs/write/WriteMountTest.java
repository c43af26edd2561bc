package dev.vipfs.fs.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.crypto.keys.Keyring;
import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes through a real kernel mount into MOUNT/data and reads them back, also after a remount. */
class WriteMountTest {
    static final String MARKER = "vipfs-plaintext-marker-4f1c2a";

    @TempDir
    Path tmp;

    static long bigBytes() {
        return Long.getLong("vipfs.write.bigMiB", 1024L) << 20;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        assertEquals(0, rc, String.join(" ", cmd) + ": " + out);
        return out;
    }

    @Test
    void cpTreeSurvivesRemountAndIsSharedByRootCid() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("small.txt"), "hello " + MARKER + "\n");
        Files.write(src.resolve("empty"), new byte[0]);
        Files.createDirectories(src.resolve("sub/deeper"));
        TreeFiles.random(src.resolve("sub/multi.bin"), 5 * 65536 + 123, 1);
        Files.writeString(src.resolve("sub/deeper/note.md"), "# note\n" + MARKER.repeat(10));
        TreeFiles.random(src.resolve("big.bin"), bigBytes(), 2);
        Map<String, String> want = TreeFiles.digests(src);
        Path home = Files.createDirectories(tmp.resolve("home"));

        String rootCid;
        try (WriteFixture fx = new WriteFixture(home).mount()) {
            run("cp", "-r", src.toString(), fx.data("").toString());
            fx.awaitIdle();
            assertEquals(want, TreeFiles.digests(fx.data("src")));
            rootCid = WriteFixture.xattr(fx.data(""), "vipfs.cid");
            String srcCid = WriteFixture.xattr(fx.data("src"), "vipfs.cid");
            assertEquals(want, TreeFiles.digests(fx.mountpoint.resolve(srcCid)), "MOUNT/<cid> reads the same tree");
            assertEquals(0, fx.ns.spoolDirectory().count(), "spool emptied after close");
        }
        Files.delete(src.resolve("big.bin"));
        try (WriteFixture fx = new WriteFixture(home).mount()) {
            Map<String, String> got = TreeFiles.digests(fx.data("src"));
            assertEquals(want, got, "every file reads back identical after remount");
            assertEquals(rootCid, WriteFixture.xattr(fx.data(""), "vipfs.cid"), "namespace root CID is stable");
            assertEquals(want, TreeFiles.digests(fx.mountpoint.resolve(rootCid).resolve("src")));
            Cid.parse(WriteFixture.xattr(fx.data("src/small.txt"), "vipfs.cid"));
        }
        assertEquals(0, TreeFiles.filesContaining(home.resolve("blocks"), MARKER), "no plaintext at rest");
        assertEquals(0, TreeFiles.filesContaining(home.resolve("spool"), MARKER), "no plaintext left in the spool");
    }

    @Test
    void overwriteKeepsOldVersionReadableByCid() throws Exception {
        try (WriteFixture fx = new WriteFixture(tmp).mount()) {
            Path f = fx.data("v.txt");
            Files.writeString(f, "first\n");
            Files.writeString(f, "second, longer\n");
            fx.awaitIdle();
            assertEquals("second, longer\n", Files.readString(f));
            List<NamespaceCatalog.Version> versions = fx.ns.catalog().get("v.txt").orElseThrow().versions();
            assertEquals(2, versions.size());
            assertEquals(2, versions.get(1).number());
            assertEquals(versions.get(1).cid().toString(), WriteFixture.xattr(f, "vipfs.cid"));
            assertEquals("first\n", Files.readString(fx.mountpoint.resolve(versions.get(0).cid().toString())));
            // Each version is an audit event of its own, naming its CID.
            String audit = Files.readString(fx.auditFile);
            for (NamespaceCatalog.Version v : versions) {
                assertTrue(audit.lines().anyMatch(l -> l.contains("\"op\":\"commit\"") && l.contains(v.cid().toString())),
                        "no commit event for " + v.cid() + " in\n" + audit);
            }
            // Editor pattern: write a temp file, rename it over the original; history continues.
            Files.writeString(fx.data("v.txt.tmp"), "third\n");
            Files.move(fx.data("v.txt.tmp"), f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            assertEquals(3, fx.ns.catalog().get("v.txt").orElseThrow().versions().size());
            assertEquals("third\n", Files.readString(f));
        }
    }

    @Test
    void shellRedirectionsMakeOneVersionPerWrite() throws Exception {
        try (WriteFixture fx = new WriteFixture(tmp).mount()) {
            Path f = fx.data("sh.txt");
            run("sh", "-c", "echo one > " + f + " && echo two > " + f + " && : > " + fx.data("empty.txt"));
            fx.awaitIdle();
            assertEquals("two\n", Files.readString(f));
            assertEquals(List.of(4L, 4L), fx.ns.catalog().get("sh.txt").orElseThrow().versions().stream()
                    .map(NamespaceCatalog.Version::size).toList(), "no empty intermediate versions");
            assertEquals(1, fx.ns.catalog().get("empty.txt").orElseThrow().versions().size());
        }
    }

    @Test
    void concurrentWritersEachGetTheirOwnFile() throws Exception {
        try (WriteFixture fx = new WriteFixture(tmp).mount()) {
            Files.createDirectories(fx.data("par"));
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<byte[]>> jobs = new java.util.ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    int n = i;
                    jobs.add(pool.submit(() -> {
                        byte[] data = new byte[100_000 + n * 7_919];
                        new Random(n).nextBytes(data);
                        Files.write(fx.data("par/f" + n), data);
                        return data;
                    }));
                }
                for (int i = 0; i < jobs.size(); i++) {
                    assertArrayEquals(jobs.get(i).get(), Files.readAllBytes(fx.data("par/f" + i)), "file f" + i);
                }
            } finally {
                pool.shutdownNow();
            }
            fx.awaitIdle();
            assertEquals(16, fx.ns.catalog().list("par").size());
        }
    }

    @Test
    void directoryOperationsFollowPosix() throws Exception {
        try (WriteFixture fx = new WriteFixture(tmp).mount()) {
            Files.createDirectories(fx.data("a/b"));
            Files.writeString(fx.data("a/b/f"), "x");
            assertThrows(DirectoryNotEmptyException.class, () -> Files.delete(fx.data("a")));
            Files.move(fx.data("a"), fx.data("c"));
            assertEquals("x", Files.readString(fx.data("c/b/f")));
            assertFalse(Files.exists(fx.data("a")));
            Files.delete(fx.data("c/b/f"));
            Files.delete(fx.data("c/b"));
            assertThrows(NoSuchFileException.class, () -> Files.size(fx.data("c/b/f")));
            try (var s = Files.list(fx.mountpoint)) {
                assertTrue(s.anyMatch(p -> p.getFileName().toString().equals("data")), "mount root lists data");
            }
            // Appending needs the old plaintext: decrypt into the spool, then re-encrypt on close.
            Files.writeString(fx.data("log"), "one\n");
            Files.writeString(fx.data("log"), "two\n", java.nio.file.StandardOpenOption.APPEND);
            assertEquals("one\ntwo\n", Files.readString(fx.data("log")));
            run("truncate", "-s", "2", fx.data("log").toString());
            assertEquals("on", Files.readString(fx.data("log")));
        }
    }

    @Test
    void cidPartOfMountStaysReadOnly() throws Exception {
        try (WriteFixture fx = new WriteFixture(tmp).mount()) {
            Files.writeString(fx.data("f"), "content");
            String cid = WriteFixture.xattr(fx.data(""), "vipfs.cid");
            IOException e = assertThrows(IOException.class, () -> Files.writeString(fx.mountpoint.resolve(cid).resolve("g"), "x"));
            assertTrue(String.valueOf(e.getMessage()).contains("Read-only") || e instanceof java.nio.file.FileSystemException, e.toString());
        }
    }

    @Test
    void writeOnlyNodeWritesButCannotReadBack() throws Exception {
        Path full = Files.createDirectories(tmp.resolve("full-keys"));
        Keyring owner = Keyring.open(full);
        owner.generate("default");
        Path pubOnly = Files.createDirectories(tmp.resolve("pub-keys"));
        Keyring.open(pubOnly).importPublic(owner.exportPublic("default"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        try (WriteFixture fx = new WriteFixture(home, pubOnly).mount()) {
            assertFalse(fx.keyring.canDecrypt());
            byte[] data = new byte[200_000];
            new Random(3).nextBytes(data);
            Files.write(fx.data("drop.bin"), data);
            assertEquals(data.length, Files.size(fx.data("drop.bin")));
            IOException e = assertThrows(IOException.class, () -> Files.readAllBytes(fx.data("drop.bin")));
            assertTrue(String.valueOf(e.getMessage()).contains("key"), e.toString());
            assertThrows(IOException.class, () -> Files.writeString(fx.data("drop.bin"), "more",
                    java.nio.file.StandardOpenOption.APPEND));
        }
        // The key owner reads what the write-only node wrote.
        try (WriteFixture fx = new WriteFixture(home, full).mount()) {
            assertEquals(200_000, Files.readAllBytes(fx.data("drop.bin")).length);
        }
    }

    @Test
    void aWriterThatReadsAndPatchesItsNewFileGetsWhatItWrote() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        byte[] data = new byte[3_000_000];
        new Random(9).nextBytes(data);
        try (WriteFixture fx = new WriteFixture(home).mount()) {
            // Written front to back first (streamed to its import), then read and patched in place,
            // as archivers do with their headers: the streamed bytes come back for both.
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(fx.data("patched.bin"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.READ,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int off = 0; off < data.length; off += 128 << 10) {
                    ch.write(java.nio.ByteBuffer.wrap(data, off, Math.min(128 << 10, data.length - off)));
                }
                java.nio.ByteBuffer got = java.nio.ByteBuffer.allocate(1000);
                ch.read(got, 100_000);
                assertArrayEquals(java.util.Arrays.copyOfRange(data, 100_000, 101_000), got.array());
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {'X', 'Y', 'Z'}), 5);
            }
            data[5] = 'X';
            data[6] = 'Y';
            data[7] = 'Z';
            assertArrayEquals(data, Files.readAllBytes(fx.data("patched.bin")));
        }
        try (WriteFixture fx = new WriteFixture(home).mount()) {
            assertArrayEquals(data, Files.readAllBytes(fx.data("patched.bin")), "after a remount");
        }
    }
}
