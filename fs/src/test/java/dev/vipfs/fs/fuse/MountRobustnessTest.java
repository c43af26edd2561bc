package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.codec.FileLink;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import dev.vipfs.policy.PolicyEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failure and scale behaviour of a real mount: tampering, large directories, concurrent readers. */
class MountRobustnessTest {
    @TempDir
    Path tmp;

    @Test
    void tamperedBlockFailsWithEioAndNoGarbage() throws Exception {
        try (MountFixture fx = new MountFixture(tmp)) {
            byte[] data = new byte[400_000];
            new Random(1).nextBytes(data);
            ImportedNode file = fx.addEncrypted(data);
            SortedMap<String, ImportedNode> entries = new TreeMap<>();
            entries.put("f.bin", file);
            ImportedNode dir = fx.importer.addDirectory(entries);
            // Flip one byte in every large block: the ciphertext segment leaves.
            try (Stream<Path> s = Files.walk(tmp.resolve("blocks"))) {
                for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                    if (Files.size(p) > 60_000) {
                        byte[] b = Files.readAllBytes(p);
                        b[b.length / 2] ^= 0x01;
                        Files.write(p, b);
                    }
                }
            }
            fx.mount(PolicyEngine.allowAll(), MountOptions.builder().build());
            Path p = fx.path(dir.cid(), "f.bin");
            assertEquals(data.length, Files.size(p), "stat needs no body");
            IOException e = assertThrows(IOException.class, () -> Files.readAllBytes(p));
            assertTrue(String.valueOf(e.getMessage()).contains("Input/output error"), e.toString());
        }
    }

    @Test
    void aByteFlippedInsideAPackFileIsEioNeverWrongBytes() throws Exception {
        try (MountFixture fx = new MountFixture(tmp)) {
            byte[] content = new byte[400_000];
            new Random(2).nextBytes(content);
            ImportedNode file = fx.addEncrypted(content);
            SortedMap<String, ImportedNode> entries = new TreeMap<>();
            entries.put("f.bin", file);
            ImportedNode dir = fx.importer.addDirectory(entries);
            fx.store.sync();
            Path pack;
            try (Stream<Path> s = Files.walk(tmp.resolve("blocks"))) {
                List<Path> packs = s.filter(p -> p.toString().endsWith(".pack")).toList();
                assertEquals(1, packs.size(), "the import went into one pack: " + packs);
                pack = packs.get(0);
            }
            // Records (docs/blockstore.md): mhLen u32, dataLen u32, multihash, data, crc32c u32.
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pack));
            int at = 8;
            while (b.getInt(at + 4) < 60_000) {
                at += 12 + b.getInt(at) + b.getInt(at + 4);
            }
            int data = at + 8 + b.getInt(at);
            b.put(data + 1000, (byte) (b.get(data + 1000) ^ 1)); // inside a whole leaf of ciphertext
            Files.write(pack, b.array());
            fx.mount(PolicyEngine.allowAll(), MountOptions.builder().build());
            Path p = fx.path(dir.cid(), "f.bin");
            IOException e = assertThrows(IOException.class, () -> Files.readAllBytes(p));
            assertTrue(String.valueOf(e.getMessage()).contains("Input/output error"), e.toString());
            Process cat = new ProcessBuilder("cat", p.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String err = new String(cat.getErrorStream().readAllBytes());
            assertTrue(cat.waitFor() != 0 && err.contains("Input/output error"), err);
        }
    }

    @Test
    void lsOfTenThousandEncryptedFilesReadsNoBody() throws Exception {
        try (MountFixture fx = new MountFixture(tmp, true)) {
            SortedMap<String, ImportedNode> entries = new TreeMap<>();
            Set<Cid> bodies = new HashSet<>();
            UnixfsReader direct = new UnixfsReader(fx.store);
            for (int i = 0; i < 10_000; i++) {
                ImportedNode n = fx.addEncrypted(("file " + i + "\n").getBytes());
                entries.put("f" + i + ".txt", n);
                for (FileLink l : direct.stat(n.cid()).fileLinks()) {
                    bodies.add(l.cid());
                }
            }
            ImportedNode dir = fx.importer.addDirectory(entries);
            CountingSource counting = new CountingSource(fx.store);
            fx.mountWith(new UnixfsReader(counting), PolicyEngine.allowAll(), MountOptions.builder().build());
            Process ls = new ProcessBuilder("ls", "-l", fx.path(dir.cid()).toString())
                    .redirectErrorStream(true).start();
            List<String> lines = new String(ls.getInputStream().readAllBytes()).lines().toList();
            assertEquals(0, ls.waitFor());
            assertEquals(10_001, lines.size(), "total line + 10,000 entries");
            assertTrue(lines.stream().anyMatch(l -> l.endsWith(" f9999.txt") && l.contains(" 10 ")), "plaintext size shown");
            for (Cid c : bodies) {
                assertTrue(!counting.fetched.contains(c), "ls -l fetched file body block " + c);
            }
        }
    }

    @Test
    void parallelReadersSeeExactBytes() throws Exception {
        try (MountFixture fx = new MountFixture(tmp, true)) {
            SortedMap<String, ImportedNode> entries = new TreeMap<>();
            List<byte[]> originals = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                byte[] data = new byte[1_000_000 + i * 77_777];
                new Random(i).nextBytes(data);
                originals.add(data);
                entries.put("f" + i, fx.addEncrypted(data));
            }
            ImportedNode dir = fx.importer.addDirectory(entries);
            fx.mount(PolicyEngine.allowAll(), MountOptions.builder().build());
            long seconds = Long.getLong("vipfs.concurrency.seconds", 60);
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int which = t % 2 == 0 ? 0 : t / 2; // half read the same file, half different ones
                results.add(pool.submit(() -> {
                    int rounds = 0;
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    byte[] want = md.digest(originals.get(which));
                    Random r = new Random(which);
                    while (System.nanoTime() < deadline) {
                        Path p = fx.path(dir.cid(), "f" + which);
                        byte[] got = Files.readAllBytes(p);
                        assertArrayEquals(want, MessageDigest.getInstance("SHA-256").digest(got));
                        int off = r.nextInt(originals.get(which).length - 5000);
                        try (var ch = java.nio.channels.FileChannel.open(p)) {
                            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(5000);
                            ch.read(b, off);
                            assertArrayEquals(java.util.Arrays.copyOfRange(originals.get(which), off, off + 5000), b.array());
                        }
                        rounds++;
                    }
                    return rounds;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }
            pool.shutdown();
            assertTrue(total >= 8, "every reader completed at least one round");
        }
    }
}
