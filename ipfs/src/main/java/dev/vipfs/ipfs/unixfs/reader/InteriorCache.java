package dev.vipfs.ipfs.unixfs.reader;

import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.block.cache.BlockCache;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.unixfs.codec.DecodedNode;
import dev.vipfs.ipfs.unixfs.codec.NodeLoader;
import java.io.IOException;

/**
 * Loads and decodes blocks from a source, keeping decoded nodes that have links (file interiors,
 * directories, shards): every range read walks through them again, while a leaf is read once.
 */
final class InteriorCache implements NodeLoader {
    private final BlockSource src;
    /** Null when nothing is kept. */
    private final BlockCache<DecodedNode> interiors;
    private final long bytes;

    /** Keeps up to about {@code bytes} of decoded interiors; none when {@code bytes <= 0}. */
    InteriorCache(BlockSource src, long bytes) {
        this.src = src;
        this.bytes = Math.max(0, bytes);
        this.interiors = bytes <= 0 ? null : new BlockCache<>(bytes, InteriorCache::weight);
    }

    /** About what a decoded node with links costs on the heap. */
    static int weight(DecodedNode n) {
        if (n.isRaw()) {
            return n.raw().length;
        }
        // Decoded links cost about three times their encoded size (Cid objects, name strings);
        // Data is held twice (dag-pb and UnixFS views).
        return n.pb().links().size() * 150 + 2 * n.pb().data().length + 256;
    }

    /** How many bytes of decoded nodes this keeps at most (0: none). */
    long capacity() {
        return bytes;
    }

    @Override
    public DecodedNode load(Cid cid) throws IOException {
        DecodedNode cached = cached(cid);
        return cached != null ? cached : keepIfInterior(DecodedNode.decode(cid, src.get(cid)));
    }

    /** A leaf from a lent block; a node with links (rarely not kept already) from an array of its own. */
    @Override
    public DecodedNode loadToCopyFrom(Cid cid) throws IOException {
        DecodedNode cached = cached(cid);
        if (cached != null) {
            return cached;
        }
        byte[] block = src.lend(cid);
        DecodedNode n = DecodedNode.decode(cid, block);
        return isInterior(n) ? keepIfInterior(DecodedNode.decode(cid, block.clone())) : n;
    }

    private DecodedNode cached(Cid cid) {
        // Only dag-pb nodes are kept, by multihash: a raw CID of the same bytes must read as raw.
        if (interiors != null && cid.codec() == Multicodec.DAG_PB) {
            DecodedNode cached = interiors.get(cid);
            if (cached != null) {
                // Reached under another CID version: errors and loop checks name the CID asked for.
                return cached.cid().equals(cid) ? cached : cached.as(cid);
            }
        }
        return null;
    }

    private DecodedNode keepIfInterior(DecodedNode n) {
        if (interiors != null && isInterior(n)) {
            interiors.put(n.cid(), n);
        }
        return n;
    }

    private static boolean isInterior(DecodedNode n) {
        return !n.isRaw() && !n.pb().links().isEmpty();
    }
}
