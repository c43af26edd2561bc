package dev.vipfs.crypto.envelope;

import dev.vipfs.crypto.EnvelopeIntegrityException;
import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.crypto.segment.SegmentCipher;
import dev.vipfs.crypto.segment.SegmentOffsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * Encrypts one object: makes its header and seals its segments, in order, each exactly once.
 * Thread-confined.
 */
public final class EnvelopeWriter {
    private final byte[] header;
    private final SegmentCipher segments;
    private long nextIndex;
    private boolean finished;

    private EnvelopeWriter(byte[] header, SegmentCipher segments) {
        this.header = header;
        this.segments = segments;
    }

    /** A writer with a fresh random file key, encrypting to every given recipient (at least one). */
    public static EnvelopeWriter create(List<RecipientKey> recipients) {
        return create(recipients, new SecureRandom());
    }

    /**
     * A writer drawing its file key, salt and HPKE ephemeral keys from the given source; only known-answer
     * tests should pass anything but a fresh SecureRandom.
     */
    public static EnvelopeWriter create(List<RecipientKey> recipients, SecureRandom random) {
        byte[] fileKey = new byte[HeaderLayout.FILE_KEY];
        byte[] salt = new byte[HeaderLayout.SALT];
        random.nextBytes(fileKey);
        random.nextBytes(salt);
        byte[] header = HeaderBuilder.build(fileKey, salt, recipients, random);
        FileKeys keys = new FileKeys(fileKey, salt);
        Arrays.fill(fileKey, (byte) 0);
        return new EnvelopeWriter(header, new SegmentCipher(keys.payloadKey));
    }

    /** The header bytes (a copy). */
    public byte[] header() {
        return header.clone();
    }

    /**
     * Seals one plaintext segment. Every segment but the last must be exactly PLAIN_SEGMENT bytes; the
     * last may be shorter, and empty only when it is segment 0 (the empty file). Segments must be sealed
     * in order 0, 1, 2, … and each only once: sealing an index twice under one file key would reuse its
     * GCM nonce, so to re-encrypt changed data create a new writer (a new file key).
     *
     * @throws IllegalStateException if the index is not the next one or the last segment was already sealed
     */
    public byte[] sealSegment(long index, byte[] plain, int off, int len, boolean last) {
        checkSegment(index, len, last);
        byte[] sealed = segments.seal(index, last, plain, off, len);
        advance(last);
        return sealed;
    }

    /** Like {@link #sealSegment}, writing the {@code len + TAG} sealed bytes into out at outOff. */
    public void sealSegmentInto(long index, byte[] plain, int off, int len, boolean last, byte[] out, int outOff) {
        checkSegment(index, len, last);
        segments.sealInto(index, last, plain, off, len, out, outOff);
        advance(last);
    }

    private void checkSegment(long index, int len, boolean last) {
        if (index < 0) {
            throw new IllegalArgumentException("segment index must not be negative, was " + index);
        }
        if (len > SegmentOffsets.PLAIN_SEGMENT || len < 0) {
            throw new IllegalArgumentException("a segment holds 0.." + SegmentOffsets.PLAIN_SEGMENT + " bytes, got " + len);
        }
        if (!last && len != SegmentOffsets.PLAIN_SEGMENT) {
            throw new IllegalArgumentException("only the last segment may be shorter than " + SegmentOffsets.PLAIN_SEGMENT
                    + " bytes; segment " + index + " has " + len);
        }
        if (last && len == 0 && index != 0) {
            throw new IllegalArgumentException("an empty last segment is only allowed for an empty object; mark segment "
                    + (index - 1) + " as last instead");
        }
        if (finished || index != nextIndex) {
            throw new IllegalStateException("segment " + index + " cannot be sealed now: "
                    + (finished ? "the last segment was already sealed" : "the next segment is " + nextIndex)
                    + "; each segment is sealed once, in order (a repeat would reuse a GCM nonce), use a new EnvelopeWriter");
        }
    }

    private void advance(boolean last) {
        nextIndex++;
        finished = last;
    }

    /**
     * Decrypts a segment this writer sealed, without any recipient's private key: a node that only
     * holds public keys can still read back what it is writing (a file being written into the
     * mount that turns out not to be written front to back is read back into its spool).
     */
    public byte[] openSealed(long index, byte[] sealed, int off, int len, boolean last) throws EnvelopeIntegrityException {
        requireSealed(index);
        return segments.open(index, last, sealed, off, len);
    }

    /** Like {@link #openSealed(long, byte[], int, int, boolean)}, into out at outOff; returns the plaintext length. */
    public int openSealed(long index, byte[] sealed, int off, int len, boolean last, byte[] out, int outOff)
            throws EnvelopeIntegrityException {
        requireSealed(index);
        return segments.openInto(index, last, sealed, off, len, out, outOff);
    }

    private void requireSealed(long index) {
        if (index < 0 || index >= nextIndex) {
            throw new IllegalArgumentException("segment " + index + " was not sealed by this writer (it sealed "
                    + nextIndex + ")");
        }
    }
}
