package dev.vipfs.fs.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.crypto.NoPrivateKeyException;
import dev.vipfs.crypto.keys.Keyring;
import dev.vipfs.fs.sealing.EncryptedImporter;
import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.block.EmbeddedBlockstore;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The envelope layout in UnixFS: sizes from the root alone, random access, key checks. */
class EnvelopeContentReaderTest {
    @TempDir
    Path tmp;

    @Test
    void sizesComeFromTheRootAndRandomReadsMatch() throws Exception {
        EmbeddedBlockstore store = new EmbeddedBlockstore(tmp.resolve("blocks"));
        Keyring keys = Keyring.open(tmp.resolve("keys"));
        keys.generate("k");
        UnixfsImporter importer = new UnixfsImporter(store, ImportOptions.kuboDefault());
        UnixfsReader reader = new UnixfsReader(store);
        ObjectInspector inspector = new ObjectInspector(reader);
        ContentOpener opener = new ContentOpener(reader, keys, 8L << 20, null);
        Random r = new Random(5);
        for (int size : new int[] {0, 1, 65535, 65536, 65537, 3 * 65536, 1_000_003}) {
            byte[] plain = new byte[size];
            r.nextBytes(plain);
            ImportedNode n = new EncryptedImporter(importer).importStream(new ByteArrayInputStream(plain),
                    keys.defaultRecipients());
            ObjectInfo info = inspector.inspect(n.cid());
            assertTrue(info.encrypted(), "size " + size);
            assertEquals(size, info.size(), "plaintext size from the root for " + size);
            ContentReader cr = opener.open(info).reader();
            byte[] all = new byte[size];
            int got = 0;
            while (got < size) {
                got += cr.read(got, all, got, size - got);
            }
            assertArrayEquals(plain, all, "whole read of " + size);
            for (int i = 0; i < 20 && size > 0; i++) {
                int off = r.nextInt(size);
                int len = Math.min(size - off, 1 + r.nextInt(200_000));
                byte[] part = new byte[len];
                int k = 0;
                while (k < len) {
                    k += cr.read(off + k, part, k, len - k);
                }
                assertArrayEquals(Arrays.copyOfRange(plain, off, off + len), part, "slice at " + off);
            }
            assertEquals(0, cr.read(size, new byte[10], 0, 10), "read at EOF");
            assertDirectReadsMatch(cr, plain, r);
        }
    }

    /** The mount's path: straight into a direct buffer (the FUSE reply), across segments and past EOF. */
    private static void assertDirectReadsMatch(ContentReader cr, byte[] plain, Random r) throws Exception {
        int size = plain.length;
        ByteBuffer reply = ByteBuffer.allocateDirect(128 << 10);
        for (int i = 0; i < 20; i++) {
            long off = size == 0 ? 0 : r.nextInt(size + 100);
            reply.clear().position(7);
            int n = cr.read(off, reply);
            int want = (int) Math.max(0, Math.min(reply.capacity() - 7, size - off));
            assertEquals(want, n, "direct read at " + off + " of " + size);
            assertEquals(7 + n, reply.position(), "the read advances the buffer by what it returns");
            byte[] got = new byte[n];
            reply.position(7);
            reply.get(got);
            assertArrayEquals(Arrays.copyOfRange(plain, (int) Math.min(off, size), (int) Math.min(off, size) + n), got,
                    "direct slice at " + off);
        }
    }

    /**
     * Issue #16: a sequential reader decrypts each segment once, though the kernel's requests finish
     * out of order on several FUSE threads and prefetch tasks start after the read they ran ahead of.
     */
    @Test
    void aSequentialReadFetchesAndDecryptsEachSegmentOnce() throws Exception {
        int segments = 40;
        byte[] plain = new byte[segments * 65536 - 1000];
        new Random(16).nextBytes(plain);
        AtomicInteger leafReads = new AtomicInteger();
        List<Runnable> late = new ArrayList<>();
        ContentReader cr = openCounting(plain, leafReads, late);
        int request = 128 << 10;
        int requests = (plain.length + request - 1) / request;
        byte[] back = new byte[plain.length];
        for (int j = 0; j < requests; j += 2) {
            for (int k : j + 1 < requests ? new int[] {j + 1, j} : new int[] {j}) { // pairs finish swapped
                int off = k * request;
                cr.read(off, back, off, Math.min(request, plain.length - off));
            }
        }
        late.forEach(Runnable::run); // prefetch tasks that were queued behind others until now
        assertArrayEquals(plain, back);
        assertEquals(segments, leafReads.get(), "payload leaves read (one per segment)");
    }

    /** A reader that looked at the end first and then reads from the start still gets read-ahead. */
    @Test
    void readAheadResumesAfterAJumpBack() throws Exception {
        byte[] plain = new byte[100 * 65536];
        new Random(17).nextBytes(plain);
        AtomicInteger leafReads = new AtomicInteger();
        List<Runnable> queued = new ArrayList<>();
        ContentReader cr = openCounting(plain, leafReads, queued);
        byte[] back = new byte[128 << 10];
        cr.read(plain.length - 10, back, 0, 10);
        cr.read(0, back, 0, back.length);
        cr.read(back.length, back, 0, back.length);
        int readByTheReads = leafReads.get();
        queued.forEach(Runnable::run);
        assertTrue(leafReads.get() > readByTheReads, "segments were decrypted ahead of the reader");
    }

    /**
     * Issue #16: random 4 KiB reads far apart prefetch no segment and keep nothing (one leaf read each;
     * only the payload's parents are loaded ahead), while a segment such a reader comes back to is kept from its second read on.
     */
    @Test
    void aRandomReaderPrefetchesNothingAndKeepsOnlyWhatItComesBackTo() throws Exception {
        int segments = 400;
        byte[] plain = new byte[segments * 65536];
        new Random(18).nextBytes(plain);
        AtomicInteger leafReads = new AtomicInteger();
        List<Runnable> queued = new ArrayList<>();
        ContentReader cr = openCounting(plain, leafReads, queued);
        byte[] page = new byte[4096];
        long[] far = {200, 37, 311, 90, 250, 12, 380, 150};
        for (int i = 0; i < far.length; i++) {
            int off = (int) (far[i] * 65536 + 4096 * (i % 16));
            assertEquals(4096, cr.read(off, page, 0, page.length));
            assertArrayEquals(Arrays.copyOfRange(plain, off, off + 4096), page, "page at " + off);
            assertEquals(i + 1, leafReads.get(), "one leaf read per random read");
        }
        // What a random reader queues is the loading of the payload's parents (3 here), once, never a segment.
        assertEquals(1, queued.size(), "one task loading the parents");
        int leavesBefore = leafReads.get();
        List<Runnable> parents = new ArrayList<>(queued);
        queued.clear();
        parents.forEach(Runnable::run);
        assertEquals(leavesBefore, leafReads.get(), "the queued tasks loaded parents, no leaf");
        assertTrue(queued.isEmpty(), "parents have no interior children here");

        int before = leafReads.get();
        int off = 37 * 65536 + 8192; // segment 37 again, another page of it
        cr.read(off, page, 0, page.length);
        assertArrayEquals(Arrays.copyOfRange(plain, off, off + 4096), page);
        assertEquals(before + 1, leafReads.get(), "read again, this time kept");
        cr.read(off + 4096, page, 0, page.length);
        cr.read(311L * 65536, page, 0, page.length); // jump away, so the next read is not a sequential one
        cr.read(off - 8192, page, 0, page.length);
        assertArrayEquals(Arrays.copyOfRange(plain, off - 8192, off - 4096), page);
        assertEquals(before + 2, leafReads.get(), "segment 37 came from the cache twice, 311 was decrypted again");
        assertTrue(queued.isEmpty(), "still no prefetch");
    }

    /** A sequential reader with 4 KiB requests (a file that bypasses the page cache) still gets read-ahead. */
    @Test
    void smallSequentialRequestsStillReadAhead() throws Exception {
        byte[] plain = new byte[40 * 65536];
        new Random(19).nextBytes(plain);
        AtomicInteger leafReads = new AtomicInteger();
        List<Runnable> queued = new ArrayList<>();
        ContentReader cr = openCounting(plain, leafReads, queued);
        byte[] back = new byte[plain.length];
        for (int off = 0; off < 3 * 65536; off += 4096) {
            cr.read(off, back, off, 4096);
        }
        assertArrayEquals(Arrays.copyOfRange(plain, 0, 3 * 65536), Arrays.copyOfRange(back, 0, 3 * 65536));
        assertFalse(queued.isEmpty(), "entering the next segment starts read-ahead");
        int tasks = queued.size();
        queued.forEach(Runnable::run);
        assertTrue(tasks <= 2 * 8, "each segment is queued at most once per step, not once per request: " + tasks);
    }

    /**
     * Without read-ahead (a local store's reader, which leaves it to the kernel) a sequential reader
     * queues nothing and reads each leaf once, on its own threads; the bytes are the same.
     */
    @Test
    void withoutReadAheadASequentialReaderQueuesNothing() throws Exception {
        byte[] plain = new byte[40 * 65536];
        new Random(23).nextBytes(plain);
        AtomicInteger leafReads = new AtomicInteger();
        List<Runnable> queued = new ArrayList<>();
        ContentReader cr = openCounting(plain, leafReads, queued, false);
        byte[] back = new byte[plain.length];
        for (int off = 0; off < plain.length; off += 131072) {
            cr.read(off, back, off, Math.min(131072, plain.length - off));
        }
        assertArrayEquals(plain, back);
        assertTrue(queued.isEmpty(), "no read-ahead task: " + queued.size());
        assertEquals(40, leafReads.get(), "each leaf read once");
    }

    /**
     * Without read-ahead, a segment one read consumes whole is decrypted into the thread's buffer and
     * not kept (the kernel keeps its pages; a second read decrypts again), while a segment read in
     * parts is kept between them, as before.
     */
    @Test
    void withoutReadAheadAWholeSegmentIsNotKeptButOneReadInPartsIs() throws Exception {
        byte[] plain = new byte[4 * 65536 + 100];
        new Random(29).nextBytes(plain);
        AtomicInteger leafReads = new AtomicInteger();
        ContentReader cr = openCounting(plain, leafReads, new ArrayList<>(), false);
        byte[] back = new byte[65536];
        for (int round = 1; round <= 2; round++) {
            assertEquals(65536, cr.read(65536, back, 0, 65536));
            assertArrayEquals(Arrays.copyOfRange(plain, 65536, 2 * 65536), back);
            assertEquals(round, leafReads.get(), "read " + round + " of a whole segment reads its leaf");
        }
        cr.read(2 * 65536, back, 0, 30000);
        cr.read(2 * 65536 + 30000, back, 30000, 65536 - 30000);
        assertArrayEquals(Arrays.copyOfRange(plain, 2 * 65536, 3 * 65536), back);
        assertEquals(3, leafReads.get(), "a segment read in two parts is decrypted once");
        byte[] tail = new byte[100];
        assertEquals(100, cr.read(4 * 65536, tail, 0, 100), "the short last segment, whole");
        assertArrayEquals(Arrays.copyOfRange(plain, 4 * 65536, plain.length), tail);
    }

    private ContentReader openCounting(byte[] plain, AtomicInteger leafReads, List<Runnable> queued) throws Exception {
        return openCounting(plain, leafReads, queued, true);
    }

    /**
     * An envelope of {@code plain} in a fresh store, opened over a reader that counts the payload
     * leaves it reads (not the header or the roots) and a prefetcher that only queues its tasks.
     */
    private ContentReader openCounting(byte[] plain, AtomicInteger leafReads, List<Runnable> queued, boolean readAhead)
            throws Exception {
        EmbeddedBlockstore store = new EmbeddedBlockstore(tmp.resolve("blocks"));
        Keyring keys = Keyring.open(tmp.resolve("keys"));
        keys.generate("k");
        ImportedNode n = new EncryptedImporter(new UnixfsImporter(store, ImportOptions.kuboDefault()))
                .importStream(new ByteArrayInputStream(plain), keys.defaultRecipients());
        BlockSource counting = cid -> {
            byte[] b = store.get(cid);
            if (b.length > 60_000) {
                leafReads.incrementAndGet();
            }
            return b;
        };
        UnixfsReader reader = new UnixfsReader(counting, 1 << 20);
        return new ContentOpener(reader, keys, 8L << 20, queued::add, readAhead)
                .open(new ObjectInspector(reader).inspect(n.cid())).reader();
    }

    /** Issue #14, class 7: a root pairing its own (openable) header with a cached payload gets no cached plaintext. */
    @Test
    void aCachedPayloadServesNoRootThatPairsItWithAnotherHeader() throws Exception {
        EmbeddedBlockstore store = new EmbeddedBlockstore(tmp.resolve("blocks"));
        Keyring keys = Keyring.open(tmp.resolve("keys"));
        keys.generate("k");
        UnixfsImporter importer = new UnixfsImporter(store, ImportOptions.kuboDefault());
        UnixfsReader reader = new UnixfsReader(store);
        ObjectInspector inspector = new ObjectInspector(reader);
        ContentOpener opener = new ContentOpener(reader, keys, 8L << 20, null);
        byte[] secret = "the cached secret plaintext".getBytes();
        EncryptedImporter enc = new EncryptedImporter(importer);
        ObjectInfo real = inspector.inspect(enc.importStream(new ByteArrayInputStream(secret), keys.defaultRecipients()).cid());
        byte[] got = new byte[secret.length];
        assertEquals(secret.length, opener.open(real).reader().read(0, got, 0, got.length));
        assertArrayEquals(secret, got, "the owner's read fills the segment cache");

        // Anyone can seal a header to the node's public key; this one opens, with a key of its own.
        ObjectInfo own = inspector.inspect(enc.importStream(new ByteArrayInputStream(new byte[secret.length]),
                keys.defaultRecipients()).cid());
        var links = reader.stat(own.cid()).fileLinks();
        var realLinks = reader.stat(real.cid()).fileLinks();
        ImportedNode paired = importer.addFileNode(java.util.List.of(
                new dev.vipfs.ipfs.unixfs.importer.FileChild(EnvelopeLayout.HEADER_LINK,
                        new ImportedNode(links.get(0).cid(), links.get(0).blocksize(), links.get(0).blocksize())),
                new dev.vipfs.ipfs.unixfs.importer.FileChild(EnvelopeLayout.PAYLOAD_LINK,
                        new ImportedNode(realLinks.get(1).cid(), realLinks.get(1).blocksize(), realLinks.get(1).blocksize()))));
        ContentReader forged = opener.open(inspector.inspect(paired.cid())).reader();
        byte[] out = new byte[secret.length];
        assertThrows(java.io.IOException.class, () -> forged.read(0, out, 0, out.length),
                "the payload must be decrypted, and fail, under the pairing header's own key");
        assertFalse(Arrays.equals(secret, out));
    }

    @Test
    void plaintextObjectsAreNotEnvelopes() throws Exception {
        EmbeddedBlockstore store = new EmbeddedBlockstore(tmp.resolve("blocks"));
        UnixfsImporter importer = new UnixfsImporter(store, ImportOptions.kuboDefault());
        ImportedNode n = importer.addFile(new ByteArrayInputStream("plain text\n".getBytes()));
        ObjectInfo info = new ObjectInspector(new UnixfsReader(store)).inspect(n.cid());
        assertFalse(info.encrypted());
        assertEquals(11, info.size());
    }

    @Test
    void publicKeyOnlyNodeCannotRead() throws Exception {
        EmbeddedBlockstore store = new EmbeddedBlockstore(tmp.resolve("blocks"));
        Keyring owner = Keyring.open(tmp.resolve("owner"));
        owner.generate("k");
        Keyring writer = Keyring.open(tmp.resolve("writer"));
        writer.importPublic(owner.exportPublic("k"));
        assertFalse(writer.canDecrypt());
        UnixfsImporter importer = new UnixfsImporter(store, ImportOptions.kuboDefault());
        ImportedNode n = new EncryptedImporter(importer).importStream(new ByteArrayInputStream(new byte[1000]),
                writer.defaultRecipients());
        UnixfsReader reader = new UnixfsReader(store);
        ObjectInfo info = new ObjectInspector(reader).inspect(n.cid());
        DecryptionException e = assertThrows(DecryptionException.class,
                () -> new ContentOpener(reader, writer, 1 << 20, null).open(info));
        assertTrue(e.crypto() instanceof NoPrivateKeyException, e.toString());
        byte[] back = new byte[1000];
        new ContentOpener(reader, owner, 1 << 20, null).open(info).reader().read(0, back, 0, 1000);
        assertArrayEquals(new byte[1000], back);
    }
}
