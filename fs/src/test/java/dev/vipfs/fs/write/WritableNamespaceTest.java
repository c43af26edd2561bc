package dev.vipfs.fs.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.crypto.keys.Keyring;
import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The namespace without a mount: directory CIDs, spool privacy and cleaning, unlink-while-open. */
class WritableNamespaceTest {
    @TempDir
    Path tmp;

    private WritableNamespace open(UnixfsImporter importer, Keyring keys) throws Exception {
        return WritableNamespace.open(tmp.resolve("catalog"), tmp.resolve("spool"), importer, keys::defaultRecipients);
    }

    @Test
    void directoryCidsAreUnixfsDirectoriesOfCurrentVersions() throws Exception {
        Keyring keys = Keyring.open(tmp.resolve("keys"));
        keys.generate("default");
        UnixfsImporter importer = new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefault());
        try (WritableNamespace ns = open(importer, keys)) {
            // The empty namespace is Kubo's empty directory.
            assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", ns.cid("").toString());
            ns.mkdir("a");
            WritableNamespace.Open h = ns.openWrite("a/f", true, null);
            ns.write(h, 0, "hello".getBytes(StandardCharsets.UTF_8), 5);
            NamespaceCatalog.Version v = ns.release(h).orElseThrow();
            TreeMap<String, ImportedNode> inner = new TreeMap<>();
            inner.put("f", new ImportedNode(v.cid(), v.dagSize(), v.size()));
            ImportedNode a = importer.addDirectory(inner);
            TreeMap<String, ImportedNode> outer = new TreeMap<>();
            outer.put("a", a);
            assertEquals(a.cid(), ns.cid("a"));
            assertEquals(importer.addDirectory(outer).cid(), ns.cid(""));
        }
    }

    @Test
    void spoolIsPrivateAndLeftoversAreCleanedAtOpen() throws Exception {
        Keyring keys = Keyring.open(tmp.resolve("keys"));
        keys.generate("default");
        UnixfsImporter importer = new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefault());
        Files.createDirectories(tmp.resolve("spool"));
        Files.writeString(tmp.resolve("spool/left-by-crash.spool"), "plaintext");
        try (WritableNamespace ns = open(importer, keys)) {
            assertEquals(0, ns.spoolDirectory().count());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("spool"))));
            WritableNamespace.Open h = ns.openWrite("f", true, null);
            try (var s = Files.list(tmp.resolve("spool"))) {
                Path spool = s.findFirst().orElseThrow();
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(spool)));
            }
            // Unlinked while open: the data is discarded, nothing is catalogued.
            ns.write(h, 0, new byte[] {1, 2, 3}, 3);
            ns.remove("f", false);
            assertEquals(Optional.empty(), ns.release(h));
            assertTrue(ns.catalog().get("f").isEmpty());
            assertEquals(List.of(), ns.list(""));
            assertEquals(0, ns.spoolDirectory().count());
        }
    }

    private static byte[] readBack(MemoryBlockstore store, Keyring keys, dev.vipfs.ipfs.cid.Cid cid) throws Exception {
        dev.vipfs.ipfs.unixfs.reader.UnixfsReader reader = new dev.vipfs.ipfs.unixfs.reader.UnixfsReader(store);
        dev.vipfs.fs.content.ObjectInfo info = new dev.vipfs.fs.content.ObjectInspector(reader).inspect(cid);
        dev.vipfs.fs.content.ContentReader content =
                new dev.vipfs.fs.content.ContentOpener(reader, keys, 1 << 20, null).open(info).reader();
        byte[] out = new byte[(int) content.size()];
        int done = 0;
        while (done < out.length) {
            int n = content.read(done, out, done, out.length - done);
            if (n <= 0) {
                break;
            }
            done += n;
        }
        return java.util.Arrays.copyOf(out, done);
    }

    private static void writeInChunks(WritableNamespace ns, WritableNamespace.Open h, byte[] data, long from, int chunk)
            throws Exception {
        for (int off = 0; off < data.length; off += chunk) {
            int n = Math.min(chunk, data.length - off);
            ns.write(h, from + off, java.nio.ByteBuffer.wrap(data, off, n));
        }
    }

    @Test
    void sequentialWritesAreImportedWhileTheyArriveAndOtherWritesFallBack() throws Exception {
        Keyring keys = Keyring.open(tmp.resolve("keys"));
        keys.generate("default");
        MemoryBlockstore store = new MemoryBlockstore();
        UnixfsImporter importer = new UnixfsImporter(store, ImportOptions.kuboDefault());
        byte[] data = new byte[3_000_000]; // 46 segments, not a multiple of the segment size
        new java.util.Random(3).nextBytes(data);
        try (WritableNamespace ns = open(importer, keys)) {
            // A new file written front to back: the streaming import is the version, and not a byte
            // of it went to the spool file.
            WritableNamespace.Open h = ns.openWrite("seq", true, null);
            writeInChunks(ns, h, data, 0, 128 << 10);
            assertEquals(data.length, ns.size(h));
            try (var spooled = Files.list(tmp.resolve("spool"))) {
                assertEquals(0L, Files.size(spooled.findFirst().orElseThrow()));
            }
            NamespaceCatalog.Version v = ns.release(h).orElseThrow();
            assertEquals(1, ns.streamedCommits());
            assertEquals(data.length, v.size());
            assertTrue(java.util.Arrays.equals(data, readBack(store, keys, v.cid())));

            // A write that raced that commit marks the file dirty after the commit took its bytes:
            // the next commit has nothing new and records no duplicate version.
            h = ns.openWrite("raced", true, null);
            writeInChunks(ns, h, java.util.Arrays.copyOf(data, 200_000), 0, 128 << 10);
            ns.commit(h, true).orElseThrow();
            h.spool().markDirty();
            assertEquals(Optional.empty(), ns.release(h));
            assertEquals(1, ns.catalog().get("raced").orElseThrow().versions().size());
            assertEquals(2, ns.streamedCommits());

            // fsync half way, then more appends: two versions, the second imported from the spool.
            h = ns.openWrite("half", true, null);
            writeInChunks(ns, h, java.util.Arrays.copyOf(data, 1_000_000), 0, 64 << 10);
            NamespaceCatalog.Version first = ns.commit(h, true).orElseThrow();
            writeInChunks(ns, h, java.util.Arrays.copyOfRange(data, 1_000_000, data.length), 1_000_000, 64 << 10);
            NamespaceCatalog.Version second = ns.release(h).orElseThrow();
            assertEquals(3, ns.streamedCommits());
            assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOf(data, 1_000_000), readBack(store, keys, first.cid())));
            assertTrue(java.util.Arrays.equals(data, readBack(store, keys, second.cid())));

            // An overwrite behind the appends, and a truncate: the streamed bytes are read back into
            // the spool, which is imported instead, and the unused imports take their blocks back out.
            int before = store.size();
            h = ns.openWrite("patched", true, null);
            writeInChunks(ns, h, data, 0, 128 << 10);
            ns.write(h, 5, java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
            byte[] patched = data.clone();
            patched[5] = 1;
            patched[6] = 2;
            patched[7] = 3;
            assertTrue(java.util.Arrays.equals(patched, readBack(store, keys, ns.release(h).orElseThrow().cid())));
            h = ns.openWrite("cut", true, null);
            writeInChunks(ns, h, data, 0, 128 << 10);
            ns.truncate(h, 100_000);
            assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOf(data, 100_000),
                    readBack(store, keys, ns.release(h).orElseThrow().cid())));
            assertEquals(3, ns.streamedCommits(), "neither took the followed import");
            // Each version is a root, a header, a payload node and its segment leaves (46, then 2).
            int expected = before + (3 + 46) + (3 + 2);
            long deadline = System.currentTimeMillis() + 10_000;
            while (store.size() != expected && System.currentTimeMillis() < deadline) {
                Thread.sleep(20); // the abandoned imports discard on their own thread
            }
            assertEquals(expected, store.size(), "only the two versions' blocks were added");

            // Unlinked while being written: nothing is catalogued and the import stops.
            h = ns.openWrite("gone", true, null);
            writeInChunks(ns, h, java.util.Arrays.copyOf(data, 500_000), 0, 128 << 10);
            ns.remove("gone", false);
            assertEquals(Optional.empty(), ns.release(h));
        }
    }

    @Test
    void aWriteOnlyNodeReadsBackWhatItStreamedWhenTheFileIsReadOrPatched() throws Exception {
        Keyring owner = Keyring.open(tmp.resolve("owner"));
        owner.generate("default");
        Keyring writer = Keyring.open(tmp.resolve("writer"));
        writer.importPublic(owner.exportPublic("default"));
        MemoryBlockstore store = new MemoryBlockstore();
        UnixfsImporter importer = new UnixfsImporter(store, ImportOptions.kuboDefault());
        byte[] data = new byte[700_000];
        new java.util.Random(5).nextBytes(data);
        try (WritableNamespace ns = open(importer, writer)) {
            WritableNamespace.Open h = ns.openWrite("report", true, null);
            writeInChunks(ns, h, data, 0, 128 << 10);
            byte[] got = new byte[1000];
            assertEquals(1000, ns.read(h, 65_000, got, 1000), "reads see the streamed bytes");
            assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOfRange(data, 65_000, 66_000), got));
            ns.write(h, data.length, java.nio.ByteBuffer.wrap(new byte[] {7}));
            NamespaceCatalog.Version v = ns.release(h).orElseThrow();
            assertEquals(0, ns.streamedCommits(), "the read sent the file to the spool");
            byte[] expected = java.util.Arrays.copyOf(data, data.length + 1);
            expected[data.length] = 7;
            assertTrue(java.util.Arrays.equals(expected, readBack(store, owner, v.cid())));
        }
    }

    @Test
    void aStreamingImportThatFailsFailsTheWriterAndRecordsNothing() throws Exception {
        Keyring keys = Keyring.open(tmp.resolve("keys"));
        keys.generate("default");
        MemoryBlockstore memory = new MemoryBlockstore();
        // A store that fills up after a few blocks, as a full disk would.
        dev.vipfs.ipfs.block.BlockStore full = new dev.vipfs.ipfs.block.ForwardingBlockStore(memory) {
            private final java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(5);

            @Override
            public void putHashed(dev.vipfs.ipfs.cid.Cid cid, byte[] data) throws java.io.IOException {
                if (left.decrementAndGet() < 0) {
                    throw new java.io.IOException("No space left on device");
                }
                super.putHashed(cid, data);
            }
        };
        UnixfsImporter importer = new UnixfsImporter(full, ImportOptions.kuboDefault());
        byte[] data = new byte[8_000_000];
        try (WritableNamespace ns = open(importer, keys)) {
            WritableNamespace.Open h = ns.openWrite("big", true, null);
            java.io.IOException failed = null;
            try {
                // More than the pipe holds: some write waits for the importer and sees it fail.
                writeInChunks(ns, h, data, 0, 128 << 10);
            } catch (java.io.IOException e) {
                failed = e;
            }
            java.io.IOException atClose = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> ns.release(h));
            assertTrue(String.valueOf(failed == null ? atClose.getMessage() : failed.getMessage())
                    .contains("No space left on device"), String.valueOf(failed) + " / " + atClose);
            assertTrue(ns.catalog().get("big").isEmpty(), "nothing recorded");
            assertEquals(0, ns.spoolDirectory().count(), "spool cleaned");
            assertEquals(0, memory.size(), "the blocks stored before the failure were taken back out");
        }
    }
}
