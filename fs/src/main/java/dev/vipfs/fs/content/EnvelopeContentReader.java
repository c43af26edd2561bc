package dev.vipfs.fs.content;

import dev.vipfs.crypto.CryptoException;
import dev.vipfs.crypto.envelope.EnvelopeReader;
import dev.vipfs.crypto.segment.SegmentOffsets;
import dev.vipfs.ipfs.unixfs.UnixfsReader;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Random-access plaintext view of an envelope: a read decrypts only the segments it covers,
 * and a sequential reader gets the following segments decrypted ahead of it.
 */
public final class EnvelopeContentReader implements ContentReader {
    private static final int PREFETCH_SEGMENTS = 4;

    private final UnixfsReader reader;
    private final ObjectInfo info;
    private final EnvelopeReader envelope;
    private final SegmentCache cache;
    private final Executor prefetcher;
    private final AtomicLong lastSegment = new AtomicLong(-2);

    public EnvelopeContentReader(UnixfsReader reader, ObjectInfo info, EnvelopeReader envelope,
                                 SegmentCache cache, Executor prefetcher) {
        this.reader = reader;
        this.info = info;
        this.envelope = envelope;
        this.cache = cache;
        this.prefetcher = prefetcher;
    }

    @Override
    public long size() {
        return info.size();
    }

    @Override
    public int read(long offset, byte[] dst, int dstOff, int len) throws IOException {
        long size = info.size();
        if (offset >= size || len <= 0) {
            return 0;
        }
        int want = (int) Math.min(len, size - offset);
        int done = 0;
        while (done < want) {
            long pos = offset + done;
            long index = SegmentOffsets.segmentIndex(pos);
            int within = (int) (pos - index * SegmentOffsets.PLAIN_SEGMENT);
            byte[] plain = segment(index);
            int n = Math.min(plain.length - within, want - done);
            if (n <= 0) {
                throw new IOException("object " + info.cid() + ": segment " + index + " is shorter than its size implies");
            }
            System.arraycopy(plain, within, dst, dstOff + done, n);
            done += n;
            noteAccess(index);
        }
        return done;
    }

    private void noteAccess(long index) {
        long previous = lastSegment.getAndSet(index);
        if (prefetcher == null || (previous != index - 1 && previous != index)) {
            return;
        }
        long count = segmentCount();
        for (long next = index + 1; next <= index + PREFETCH_SEGMENTS && next < count; next++) {
            if (cache.contains(info.envelope().payload(), next)) {
                continue;
            }
            long target = next;
            prefetcher.execute(() -> {
                try {
                    segment(target);
                } catch (IOException | RuntimeException ignored) {
                    // A failed prefetch is retried, and reported, by the read that needs the segment.
                }
            });
        }
    }

    private long segmentCount() {
        long payload = info.envelope().payloadLength();
        return (payload + SegmentOffsets.CIPHER_SEGMENT - 1) / SegmentOffsets.CIPHER_SEGMENT;
    }

    private byte[] segment(long index) throws IOException {
        ObjectInfo.Envelope env = info.envelope();
        return cache.get(env.payload(), index, () -> decrypt(index));
    }

    private byte[] decrypt(long index) throws IOException {
        ObjectInfo.Envelope env = info.envelope();
        long cipherOffset = index * SegmentOffsets.CIPHER_SEGMENT;
        int cipherLength = SegmentOffsets.cipherSegmentLength(index, env.payloadLength());
        byte[] cipher = new byte[cipherLength];
        int got = 0;
        while (got < cipherLength) {
            int n = reader.read(env.payload(), cipherOffset + got, cipher, got, cipherLength - got);
            if (n <= 0) {
                throw new IOException("object " + info.cid() + ": payload ends inside segment " + index);
            }
            got += n;
        }
        try {
            return envelope.openSegment(index, cipher, 0, cipherLength,
                    SegmentOffsets.isLast(index, env.payloadLength()));
        } catch (CryptoException e) {
            throw new DecryptionException("object " + info.cid() + " segment " + index, e);
        }
    }
}
