package dev.vipfs.crypto.envelope;

import dev.vipfs.crypto.segment.SegmentOffsets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/**
 * Turns a plaintext stream into ciphertext segments holding at most two plaintext segments in memory:
 * one segment of look-ahead is needed to know which segment is the last. The two plaintext arrays are
 * reused from segment to segment; each sealed segment goes into a new array, or into a slot the caller
 * lays out ({@link #nextInto}) so it is written once, where it will stay.
 */
public final class SegmentingEncryptor implements Iterator<byte[]> {
    private final EnvelopeWriter writer;
    private final InputStream plain;
    private byte[] current;
    private byte[] ahead;
    /** Bytes read ahead into {@link #ahead}; -1 when nothing is. */
    private int aheadLength = -1;
    private long index;
    private long plaintextLength;
    private boolean done;

    /** Reads from plain lazily; read failures surface as UncheckedIOException from next(). */
    public SegmentingEncryptor(EnvelopeWriter writer, InputStream plain) {
        this.writer = writer;
        this.plain = plain;
    }

    @Override
    public boolean hasNext() {
        return !done;
    }

    @Override
    public byte[] next() {
        return nextInto(sealedLength -> new ArraySlot(new byte[sealedLength])).array();
    }

    /**
     * Seals the next segment into the slot {@code slots} returns for its sealed length (plaintext
     * length + {@link SegmentOffsets#TAG}) and returns that slot.
     */
    public <T extends SealedSlot> T nextInto(IntFunction<T> slots) {
        if (done) {
            throw new NoSuchElementException("all segments have been produced");
        }
        int length;
        if (aheadLength >= 0) {
            byte[] t = current;
            current = ahead;
            ahead = t;
            length = aheadLength;
            aheadLength = -1;
        } else {
            if (current == null) {
                current = new byte[SegmentOffsets.PLAIN_SEGMENT];
            }
            length = read(current);
        }
        boolean last = length < SegmentOffsets.PLAIN_SEGMENT;
        if (!last) {
            if (ahead == null) {
                ahead = new byte[SegmentOffsets.PLAIN_SEGMENT];
            }
            int following = read(ahead);
            if (following == 0) {
                last = true;
            } else {
                aheadLength = following;
            }
        }
        T slot = slots.apply(length + SegmentOffsets.TAG);
        writer.sealSegmentInto(index++, current, 0, length, last, slot.array(), slot.offset());
        plaintextLength += length;
        done = last;
        return slot;
    }

    /** Total plaintext bytes encrypted; final once hasNext() is false. */
    public long plaintextLength() {
        if (!done) {
            throw new IllegalStateException("plaintext length is known only after the last segment");
        }
        return plaintextLength;
    }

    /** Fills segment from the stream as far as it goes; returns the bytes read. */
    private int read(byte[] segment) {
        try {
            // Straight into the segment array: readNBytes(int) would gather 8 KiB pieces and copy them.
            return plain.readNBytes(segment, 0, segment.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plaintext for encryption: " + e.getMessage(), e);
        }
    }

    private record ArraySlot(byte[] array) implements SealedSlot {
        @Override
        public int offset() {
            return 0;
        }
    }
}
