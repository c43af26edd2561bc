package dev.vipfs.fs.content;

import dev.vipfs.crypto.EnvelopeIntegrityException;
import dev.vipfs.crypto.segment.SegmentOffsets;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.EOFException;
import java.io.IOException;

/**
 * Fetches and authenticates one envelope payload segment at a time: the one decrypt step under
 * every plaintext read, the mount's ({@link EnvelopeContentReader}) and a written file's read-back
 * alike. Callers map plaintext ranges to segments with {@link SegmentOffsets#explode}.
 */
public final class SegmentReader {
    /**
     * Authenticates and decrypts one sealed segment (an envelope reader's, or the writer's that sealed
     * it) into out at outOff; returns the plaintext length.
     */
    public interface Opener {
        int open(long index, byte[] sealed, int off, int len, boolean last, byte[] out, int outOff)
                throws EnvelopeIntegrityException;
    }

    /**
     * The ciphertext of a segment that does not lie in one block, gathered on this thread: one reused
     * array per FUSE or prefetch thread instead of a fresh 64 KiB of garbage per segment.
     */
    private static final ThreadLocal<byte[]> SEALED = ThreadLocal.withInitial(() -> new byte[SegmentOffsets.CIPHER_SEGMENT]);

    private final UnixfsReader reader;
    private final Cid payload;
    private final long payloadLength;
    private final long plainSize;
    private final long count;
    private final Opener opener;
    private final String what;

    /**
     * @param what names the object in error messages ("object CID", "this written file")
     * @throws IllegalArgumentException if no plaintext encrypts to {@code payloadLength} bytes
     */
    public SegmentReader(UnixfsReader reader, Cid payload, long payloadLength, Opener opener, String what) {
        this.reader = reader;
        this.payload = payload;
        this.payloadLength = payloadLength;
        this.plainSize = SegmentOffsets.plaintextLength(payloadLength);
        this.count = SegmentOffsets.segmentCount(plainSize);
        this.opener = opener;
        this.what = what;
    }

    /** Plaintext bytes in the payload. */
    public long plainSize() {
        return plainSize;
    }

    /** Segments in the payload (at least one). */
    public long segmentCount() {
        return count;
    }

    /** Reads segment {@code index} of the payload and returns its authenticated plaintext, in an array of its own. */
    public byte[] segment(long index) throws IOException {
        byte[] plain = new byte[SegmentOffsets.cipherSegmentLength(index, payloadLength) - SegmentOffsets.TAG];
        segmentInto(index, plain);
        return plain;
    }

    /**
     * Reads segment {@code index} of the payload and decrypts it into the start of {@code out}, which
     * must hold a whole segment's plaintext; returns the plaintext length. For a caller that only
     * copies a slice out: no array is allocated (issue #16).
     */
    public int segmentInto(long index, byte[] out) throws IOException {
        int len = SegmentOffsets.cipherSegmentLength(index, payloadLength);
        boolean last = index == count - 1;
        try {
            // Decrypted where the leaf's bytes lie (one segment is one leaf): no copy into SEALED.
            return reader.withRange(payload, SegmentOffsets.cipherOffset(index), len, SEALED.get(),
                    (sealed, off, n) -> open(index, sealed, off, n, last, out));
        } catch (EOFException e) {
            throw new IOException(what + ": payload ends inside segment " + index + " of " + count, e);
        }
    }

    private int open(long index, byte[] sealed, int off, int len, boolean last, byte[] out) throws IOException {
        try {
            return opener.open(index, sealed, off, len, last, out, 0);
        } catch (EnvelopeIntegrityException e) {
            throw new DecryptionException(what + " segment " + index, e);
        }
    }
}
