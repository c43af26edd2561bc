package dev.vipfs.fs.content;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vipfs.crypto.segment.SegmentOffsets;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.codec.FileLink;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import dev.vipfs.ipfs.unixfs.reader.UnixfsStat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Classifies CIDs (directory, plaintext file, envelope, symlink) from their root blocks, with a cache. */
public final class ObjectInspector {
    private final UnixfsReader reader;
    // Content is immutable, so an entry never goes stale; the bound only limits memory.
    // Upkeep on the calling thread, not a hand-off to ForkJoinPool.commonPool per open.
    private final Cache<Cid, ObjectInfo> cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(100_000).build();

    public ObjectInspector(UnixfsReader reader) {
        this.reader = reader;
    }

    public ObjectInfo inspect(Cid cid) throws IOException {
        try {
            return cache.get(cid, c -> {
                try {
                    return classify(reader.stat(c));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static ObjectInfo classify(UnixfsStat stat) throws IOException {
        switch (stat.kind()) {
            case DIRECTORY:
                return new ObjectInfo(stat.cid(), ObjectInfo.Kind.DIRECTORY, 0, null, stat.mtime());
            case SYMLINK:
                return new ObjectInfo(stat.cid(), ObjectInfo.Kind.SYMLINK, stat.size(), null, stat.mtime());
            default:
                List<FileLink> links = stat.fileLinks();
                if (links.size() == 2 && EnvelopeLayout.HEADER_LINK.equals(links.get(0).name())) {
                    long payloadLength = links.get(1).blocksize();
                    long plain;
                    try {
                        plain = SegmentOffsets.plaintextLength(payloadLength);
                    } catch (IllegalArgumentException e) {
                        throw new IOException("object " + stat.cid() + " is not a valid envelope: " + e.getMessage(), e);
                    }
                    var envelope = new ObjectInfo.Envelope(links.get(0).cid(), links.get(1).cid(), payloadLength);
                    return new ObjectInfo(stat.cid(), ObjectInfo.Kind.FILE, plain, envelope, stat.mtime());
                }
                return new ObjectInfo(stat.cid(), ObjectInfo.Kind.FILE, stat.size(), null, stat.mtime());
        }
    }
}
