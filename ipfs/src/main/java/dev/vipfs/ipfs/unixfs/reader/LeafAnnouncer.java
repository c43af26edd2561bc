package dev.vipfs.ipfs.unixfs.reader;

import dev.vipfs.ipfs.block.FileLeaf;
import dev.vipfs.ipfs.block.ReadAheadSource;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.unixfs.codec.DecodedNode;
import dev.vipfs.ipfs.unixfs.codec.LeafLayout;
import dev.vipfs.ipfs.unixfs.codec.NodeLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the interior node whose children are the leaves around a file offset and announces those
 * leaves to a {@link ReadAheadSource}, so a sequential reader's next blocks are fetched as one
 * stream. Best effort: any shape it does not expect ends the walk with nothing announced, and the
 * read itself reports what is wrong.
 */
final class LeafAnnouncer {
    private final NodeLoader loader;

    LeafAnnouncer(NodeLoader loader) {
        this.loader = loader;
    }

    /**
     * Announces the leaves of {@code file} from the one holding {@code offset} to the end of their
     * parent; returns the file offset where that parent's content ends, or -1 with nothing announced.
     */
    long announce(ReadAheadSource ahead, Cid file, long offset) throws IOException {
        DecodedNode n = loader.load(file);
        long base = 0;
        for (int depth = 0; depth <= FileLayout.MAX_DEPTH; depth++) {
            if (n.isRaw() || n.pb().links().isEmpty() || n.fs() == null) {
                return -1;
            }
            List<PbLink> links = n.pb().links();
            if (links.size() != n.fs().blocksizeCount()) {
                return -1;
            }
            long pos = n.dataLength();
            int index = -1;
            long childStart = 0;
            for (int i = 0; i < links.size(); i++) {
                long end = pos + n.fs().blocksize(i);
                if (offset - base < end) {
                    index = i;
                    childStart = pos;
                    break;
                }
                pos = end;
            }
            if (index < 0) {
                return -1;
            }
            Cid child = links.get(index).hash();
            DecodedNode interior = isLeaf(links.get(index), n.fs().blocksize(index)) ? null : loader.load(child);
            if (interior == null || interior.isRaw() || interior.pb().links().isEmpty()) {
                // n's children are leaves (balanced DAGs keep every leaf at one depth).
                List<FileLeaf> leaves = new ArrayList<>(links.size() - index);
                long end = childStart;
                for (int i = index; i < links.size(); i++) {
                    PbLink l = links.get(i);
                    leaves.add(new FileLeaf(l.hash(), end, n.fs().blocksize(i), l.tsize() == null ? -1 : l.tsize()));
                    end += n.fs().blocksize(i);
                }
                ahead.readAhead(n.cid(), leaves);
                return base + end;
            }
            base += childStart;
            n = interior;
        }
        return -1;
    }

    /**
     * A child known to be a leaf without loading it: raw, or a dag-pb child whose recorded size is a
     * plain leaf's block for its content (an interior node's also counts its children's blocks, so it
     * is always larger). Loading it would fetch it alone, before the stream that brings it.
     */
    private static boolean isLeaf(PbLink link, long contentSize) {
        return link.hash().codec() == Multicodec.RAW
                || (link.tsize() != null && link.tsize() == LeafLayout.dagPbSize(contentSize));
    }
}
