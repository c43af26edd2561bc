package dev.vipfs.crypto.segment;

import java.util.ArrayList;
import java.util.List;

/**
 * Offset arithmetic between plaintext and the segmented ciphertext payload (format v1).
 *
 * <p>There is always at least one segment; only the last may be short, and it is empty only when
 * the whole plaintext is empty, so every payload length maps back to exactly one plaintext length.
 */
public final class SegmentOffsets {
    /** Plaintext bytes per segment. */
    public static final int PLAIN_SEGMENT = 65536;
    /** AES-GCM tag bytes appended to each segment. */
    public static final int TAG = 16;
    /** Ciphertext bytes of a full segment. */
    public static final int CIPHER_SEGMENT = PLAIN_SEGMENT + TAG;

    private SegmentOffsets() {
    }

    /** Payload (all ciphertext segments) length for a plaintext of the given length. */
    public static long payloadLength(long plaintextLength) {
        requireNonNegative(plaintextLength, "plaintext length");
        return Math.addExact(plaintextLength, Math.multiplyExact(segmentCount(plaintextLength), (long) TAG));
    }

    /**
     * Plaintext length for a payload length.
     *
     * @throws IllegalArgumentException if no plaintext encrypts to that many payload bytes
     */
    public static long plaintextLength(long payloadLength) {
        if (payloadLength < TAG) {
            throw new IllegalArgumentException("payload of " + payloadLength
                    + " bytes is too short for an envelope (at least " + TAG + " bytes)");
        }
        long full = payloadLength / CIPHER_SEGMENT;
        long rest = payloadLength % CIPHER_SEGMENT;
        if (rest == 0) {
            return full * PLAIN_SEGMENT;
        }
        if (rest < TAG || (rest == TAG && full > 0)) {
            throw new IllegalArgumentException("payload of " + payloadLength
                    + " bytes cannot be an envelope payload: its last segment would be " + rest + " bytes");
        }
        return full * PLAIN_SEGMENT + rest - TAG;
    }

    /** Number of segments for a plaintext of the given length (at least one). */
    public static long segmentCount(long plaintextLength) {
        requireNonNegative(plaintextLength, "plaintext length");
        return plaintextLength == 0 ? 1 : (plaintextLength - 1) / PLAIN_SEGMENT + 1;
    }

    /** Number of segments in a payload of the given length. */
    public static long segmentCountOfPayload(long payloadLength) {
        return segmentCount(plaintextLength(payloadLength));
    }

    /** Index of the segment holding the given plaintext offset. */
    public static long segmentIndex(long plainOffset) {
        requireNonNegative(plainOffset, "plaintext offset");
        return plainOffset / PLAIN_SEGMENT;
    }

    /** Plaintext offset at which a segment starts. */
    public static long plainOffset(long segmentIndex) {
        requireNonNegative(segmentIndex, "segment index");
        return Math.multiplyExact(segmentIndex, (long) PLAIN_SEGMENT);
    }

    /** Offset of a segment within the payload. */
    public static long cipherOffset(long segmentIndex) {
        requireNonNegative(segmentIndex, "segment index");
        return Math.multiplyExact(segmentIndex, (long) CIPHER_SEGMENT);
    }

    /**
     * Ciphertext length of one segment of a payload.
     *
     * @throws IllegalArgumentException if the payload length is impossible or the index is past the end
     */
    public static int cipherSegmentLength(long segmentIndex, long payloadLength) {
        long count = segmentCountOfPayload(payloadLength);
        requireIndex(segmentIndex, count);
        if (segmentIndex < count - 1) {
            return CIPHER_SEGMENT;
        }
        return (int) (payloadLength - cipherOffset(segmentIndex));
    }

    /** Whether a segment is the last one of a payload. */
    public static boolean isLast(long segmentIndex, long payloadLength) {
        long count = segmentCountOfPayload(payloadLength);
        requireIndex(segmentIndex, count);
        return segmentIndex == count - 1;
    }

    /** The part of one segment's plaintext that a read covers: {@code length} bytes from {@code skip}. */
    public record Span(long index, int skip, int length) {
        /** Plaintext offset of the span's first byte within the whole object. */
        public long plainOffset() {
            return index * PLAIN_SEGMENT + skip;
        }
    }

    /**
     * Splits the plaintext range {@code [offset, offset + length)} into the (possibly partial) segments
     * it covers, in order; empty for a zero length. Knows nothing of the object's size: see
     * {@link #explode(long, long, long)}.
     */
    public static List<Span> explode(long offset, long length) {
        requireNonNegative(offset, "plaintext offset");
        requireNonNegative(length, "length");
        List<Span> spans = new ArrayList<>((int) Math.min(16, length / PLAIN_SEGMENT + 2));
        long pos = offset;
        long left = length;
        while (left > 0) {
            long index = pos / PLAIN_SEGMENT;
            int skip = (int) (pos - index * PLAIN_SEGMENT);
            int n = (int) Math.min(left, PLAIN_SEGMENT - skip);
            spans.add(new Span(index, skip, n));
            pos += n;
            left -= n;
        }
        return spans;
    }

    /**
     * Like {@link #explode(long, long)} for an object of {@code plainSize} bytes: the range is clipped
     * at the end of the object, so a read at or past it covers nothing and the last span of a short
     * last segment ends where that segment does.
     */
    public static List<Span> explode(long offset, long length, long plainSize) {
        requireNonNegative(plainSize, "plaintext size");
        requireNonNegative(offset, "plaintext offset");
        return explode(offset, offset >= plainSize ? 0 : Math.min(length, plainSize - offset));
    }

    private static void requireIndex(long segmentIndex, long count) {
        if (segmentIndex < 0 || segmentIndex >= count) {
            throw new IllegalArgumentException("segment index " + segmentIndex + " is outside 0.." + (count - 1));
        }
    }

    private static void requireNonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative, was " + value);
        }
    }
}
