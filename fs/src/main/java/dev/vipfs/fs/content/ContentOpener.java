package dev.vipfs.fs.content;

import dev.vipfs.crypto.envelope.EnvelopeReader;
import dev.vipfs.crypto.keys.KeyResolver;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.IOException;
import java.util.concurrent.Executor;

/** Opens an object's content for reading: decrypting envelopes, passing plaintext objects through. */
public final class ContentOpener {
    /** An opened object and, for envelopes, the key that opened it. */
    public record Opened(ContentReader reader, String keyId, int keyVersion) {
        public boolean encrypted() {
            return keyId != null;
        }
    }

    private final UnixfsReader reader;
    private final KeyResolver keys;
    private final EnvelopeOpener envelopes;
    private final SegmentCache segments;
    private final Executor prefetch;
    private final boolean readAhead;

    public ContentOpener(UnixfsReader reader, KeyResolver keys, long segmentCacheBytes, Executor prefetch) {
        this(reader, keys, segmentCacheBytes, prefetch, true);
    }

    /** readAhead: whether sequential readers load their next segments on the prefetch threads (see {@link EnvelopeContentReader}). */
    public ContentOpener(UnixfsReader reader, KeyResolver keys, long segmentCacheBytes, Executor prefetch, boolean readAhead) {
        this.reader = reader;
        this.keys = keys;
        this.envelopes = new EnvelopeOpener(reader, keys);
        this.segments = new SegmentCache(segmentCacheBytes);
        this.prefetch = prefetch;
        this.readAhead = readAhead;
    }

    /**
     * An opener with the same keys over {@code source} (this one's reader, or another over the same
     * store) that remembers nothing this one does, nor the other way round: what it opens and
     * decrypts (a warm-up's reads) never answers a caller's read.
     */
    public ContentOpener apart(UnixfsReader source, long segmentCacheBytes) {
        return new ContentOpener(source, keys, segmentCacheBytes, prefetch, readAhead);
    }

    public Opened open(ObjectInfo info) throws IOException {
        if (info.kind() != ObjectInfo.Kind.FILE) {
            throw new IOException(info.cid() + " is not a file");
        }
        if (!info.encrypted()) {
            return new Opened(new PlainContentReader(reader, info.cid(), info.size()), null, 0);
        }
        EnvelopeReader envelope = envelopes.open(info);
        var key = envelope.usedKey();
        return new Opened(new EnvelopeContentReader(reader, info, envelope, segments, prefetch, readAhead),
                key.keyId(), key.version());
    }
}
