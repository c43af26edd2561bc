package dev.vipfs.crypto.envelope;

import dev.vipfs.crypto.segment.SegmentOffsets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Turns a plaintext stream into ciphertext segments holding at most two segments in memory: one
 * segment of look-ahead is needed to know which segment is the last.
 */
public final class SegmentingEncryptor implements Iterator<byte[]> {
    private final EnvelopeWriter writer;
    private final InputStream plain;
    private byte[] pending;
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
        if (done) {
            throw new NoSuchElementException("all segments have been produced");
        }
        byte[] current = pending != null ? pending : read();
        pending = null;
        boolean last = current.length < SegmentOffsets.PLAIN_SEGMENT;
        if (!last) {
            byte[] following = read();
            if (following.length == 0) {
                last = true;
            } else {
                pending = following;
            }
        }
        byte[] sealed = writer.sealSegment(index++, current, 0, current.length, last);
        plaintextLength += current.length;
        done = last;
        return sealed;
    }

    /** Total plaintext bytes encrypted; final once hasNext() is false. */
    public long plaintextLength() {
        if (!done) {
            throw new IllegalStateException("plaintext length is known only after the last segment");
        }
        return plaintextLength;
    }

    private byte[] read() {
        try {
            // Straight into one segment-sized array: readNBytes(int) would gather 8 KiB pieces and copy them.
            byte[] segment = new byte[SegmentOffsets.PLAIN_SEGMENT];
            int n = plain.readNBytes(segment, 0, segment.length);
            return n == segment.length ? segment : Arrays.copyOf(segment, n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plaintext for encryption: " + e.getMessage(), e);
        }
    }
}
