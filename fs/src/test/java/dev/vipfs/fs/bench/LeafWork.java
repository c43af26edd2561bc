package dev.vipfs.fs.bench;

import dev.vipfs.crypto.EnvelopeIntegrityException;
import dev.vipfs.crypto.segment.SegmentCipher;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import jnr.ffi.Pointer;

/**
 * The work every read of an encrypted, content-addressed file must do in any design that checks
 * each leaf against its CID and opens each envelope segment (docs/security.md): SHA-256 over the
 * whole 65,552-byte ciphertext leaf, compared with its digest, then AES-256-GCM opening of it
 * with vipfs's own {@link SegmentCipher}, the plaintext copied into the reply. Nothing else: no
 * store, pack read, DAG, policy, cache or read-ahead; the leaves sit in memory, or with a
 * {@link LeafFile} on disk, read back for every leaf opened (the design's floor for a cold read).
 *
 * <p>A 1 GiB file would need 1 GiB of leaves, so leaf {@code i} is ring leaf {@code i % RING}, each
 * distinct (its own plaintext and nonce); every leaf a read covers is hashed and opened in full the
 * first time it is needed. A read that covers a leaf only in part keeps that one leaf's plaintext
 * for the next read, so a sequential reader opens each leaf once, as vipfs does.
 */
final class LeafWork {
    static final int PLAIN = 65_536;
    static final int TAG = 16;
    static final int RING = 64;
    private static final long SEED = 0x5eedf100L;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(LeafWork::sha256);
    private static final ThreadLocal<byte[]> PLAINTEXT = ThreadLocal.withInitial(() -> new byte[PLAIN]);
    private static final ThreadLocal<byte[]> CIPHERTEXT = ThreadLocal.withInitial(() -> new byte[PLAIN + TAG]);

    private final long size;
    private final SegmentCipher cipher;
    private final byte[][] leaves = new byte[RING][];
    private final byte[][] digests = new byte[RING][];
    private final AtomicReference<Opened> partial = new AtomicReference<>(new Opened(-1, null));
    private final LongAdder opened = new LongAdder();
    private final LeafFile file;

    /** A leaf whose plaintext a read needed only in part. */
    private record Opened(long index, byte[] plain) {
    }

    LeafWork(long size) {
        this(size, null);
    }

    /** Leaves read from {@code leafFile} (written first unless it holds this size's leaves), or from memory when null. */
    LeafWork(long size, Path leafFile) {
        this.size = size;
        byte[] key = new byte[32];
        new Random(SEED).nextBytes(key);
        cipher = new SegmentCipher(key);
        for (int r = 0; r < RING; r++) {
            leaves[r] = cipher.seal(r, false, plaintextOf(r), 0, PLAIN);
            digests[r] = sha256().digest(leaves[r]);
        }
        file = leafFile == null ? null : LeafFile.open(leafFile, leaves, (size + PLAIN - 1) / PLAIN);
    }

    /** The plaintext of ring leaf {@code r}: what bytes {@code [i * PLAIN, (i + 1) * PLAIN)} of the file read as, for i % RING == r. */
    static byte[] plaintextOf(int r) {
        byte[] p = new byte[PLAIN];
        new Random(SEED + r).nextBytes(p);
        return p;
    }

    /** Answers a READ of {@code want} bytes at {@code offset}; -1 when a leaf fails its check or cannot be read. */
    int read(Pointer buf, long want, long offset) {
        if (offset >= size) {
            return 0;
        }
        long end = Math.min(size, offset + want);
        for (long i = offset / PLAIN; i * PLAIN < end; i++) {
            long from = Math.max(offset, i * PLAIN);
            long to = Math.min(end, (i + 1) * PLAIN);
            boolean whole = from == i * PLAIN && to == (i + 1) * PLAIN;
            byte[] plain = whole ? open(i, PLAINTEXT.get()) : openPartial(i);
            if (plain == null) {
                return -1;
            }
            buf.put(from - offset, plain, (int) (from - i * PLAIN), (int) (to - from));
        }
        return (int) (end - offset);
    }

    private byte[] openPartial(long i) {
        Opened last = partial.get();
        if (last.index() == i) {
            return last.plain();
        }
        byte[] plain = open(i, new byte[PLAIN]);
        if (plain != null) {
            partial.set(new Opened(i, plain));
        }
        return plain;
    }

    private byte[] open(long i, byte[] into) {
        int r = (int) (i % RING);
        byte[] leaf;
        try {
            leaf = file == null ? leaves[r] : file.read(i, CIPHERTEXT.get());
        } catch (UncheckedIOException e) {
            return null;
        }
        if (!MessageDigest.isEqual(SHA256.get().digest(leaf), digests[r])) {
            return null;
        }
        try {
            cipher.openInto(r, false, leaf, 0, leaf.length, into, 0);
        } catch (EnvelopeIntegrityException e) {
            return null;
        }
        opened.increment();
        return into;
    }

    /** How many leaves were hashed and opened so far. */
    long opened() {
        return opened.sum();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
