package dev.vipfs.ipfs.unixfs.reader;

import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.unixfs.codec.DecodedNode;
import dev.vipfs.ipfs.unixfs.codec.FileLink;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import dev.vipfs.ipfs.unixfs.codec.UnixfsFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one file node says about the bytes below it, checked before anything relies on it: its
 * links and their blocksizes must pair up, and its Data, blocksizes and filesize must agree.
 */
final class FileLayout {
    /** Deeper trees are refused: Kubo never builds them and they would only serve to exhaust the stack. */
    static final int MAX_DEPTH = 64;

    private FileLayout() {
    }

    /** Fails unless {@code n} is a raw block or a UnixFS File or Raw node. */
    static void requireFile(DecodedNode n) throws NotAFileException {
        if (!n.isRaw() && n.fs().type() != UnixfsData.FILE && n.fs().type() != UnixfsData.RAW) {
            throw new NotAFileException(n.cid() + " is a " + n.typeName() + ", not a file");
        }
    }

    /** The links of file node {@code n} with the bytes each covers. */
    static List<FileLink> links(DecodedNode n) throws UnixfsFormatException {
        List<PbLink> links = n.pb().links();
        if (links.size() != n.fs().blocksizeCount()) {
            throw new UnixfsFormatException("UnixFS file " + n.cid() + " has " + links.size() + " links but "
                    + n.fs().blocksizeCount() + " blocksizes");
        }
        List<FileLink> out = new ArrayList<>(links.size());
        for (int i = 0; i < links.size(); i++) {
            out.add(new FileLink(links.get(i).nameOrEmpty(), links.get(i).hash(), n.fs().blocksize(i)));
        }
        return out;
    }

    /** The file bytes below {@code n}: its Data and the blocksizes of its children. */
    static long size(DecodedNode n) throws UnixfsFormatException {
        if (n.isRaw()) {
            return n.raw().length;
        }
        long sum = n.dataLength();
        for (int i = 0; i < n.fs().blocksizeCount(); i++) {
            sum += n.fs().blocksize(i);
            if (sum < 0) {
                throw new UnixfsFormatException("UnixFS file " + n.cid() + " blocksizes overflow");
            }
        }
        if (n.fs().filesize() != null && n.fs().filesize() != sum) {
            throw new UnixfsFormatException("UnixFS file " + n.cid() + " declares filesize " + n.fs().filesize()
                    + " but its data and blocksizes add up to " + sum);
        }
        return sum;
    }
}
