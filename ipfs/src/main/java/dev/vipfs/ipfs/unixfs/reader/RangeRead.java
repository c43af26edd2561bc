package dev.vipfs.ipfs.unixfs.reader;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.unixfs.codec.DecodedNode;
import dev.vipfs.ipfs.unixfs.codec.NodeLoader;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import dev.vipfs.ipfs.unixfs.codec.UnixfsFormatException;
import java.io.IOException;
import java.util.List;

/**
 * Copies a byte range of a file out of its DAG, descending only into the children whose blocksizes
 * overlap the range, and checking on the way that each child holds what its parent says it holds.
 */
final class RangeRead {
    private final NodeLoader loader;

    RangeRead(NodeLoader loader) {
        this.loader = loader;
    }

    /** Reads exactly {@code len} bytes at {@code offset} of the file below {@code root} into dst. */
    void read(DecodedNode root, long offset, byte[] dst, int dstOff, int len) throws IOException {
        read(root, offset, dst, dstOff, len, 0);
    }

    /** Reads exactly {@code len} bytes at {@code offset} of the node's content into dst. */
    private void read(DecodedNode n, long offset, byte[] dst, int dstOff, int len, int depth) throws IOException {
        if (depth > FileLayout.MAX_DEPTH) {
            throw new UnixfsFormatException("UnixFS file DAG deeper than " + FileLayout.MAX_DEPTH + " at " + n.cid());
        }
        if (n.isRaw()) {
            copy(n.cid(), n.raw(), 0, n.raw().length, offset, dst, dstOff, len);
            return;
        }
        FileLayout.requireFile(n);
        List<PbLink> links = n.pb().links();
        if (links.size() != n.fs().blocksizeCount()) {
            FileLayout.links(n); // throws the format error
        }
        long pos = 0;
        int dataLen = n.dataLength();
        if (offset < dataLen) {
            int take = (int) Math.min(len, dataLen - offset);
            copy(n.cid(), n.dataArray(), n.dataOffset(), dataLen, offset, dst, dstOff, take);
            dstOff += take;
            len -= take;
            offset += take;
        }
        pos = dataLen;
        // Indexed rather than via FileLayout.links(): this runs once per range read and must not allocate per link.
        for (int i = 0; i < links.size(); i++) {
            if (len == 0) {
                return;
            }
            long blocksize = n.fs().blocksize(i);
            long end = pos + blocksize;
            if (offset < end) {
                int take = (int) Math.min(len, end - offset);
                read(child(n, i, blocksize), offset - pos, dst, dstOff, take, depth + 1);
                dstOff += take;
                len -= take;
                offset += take;
            }
            pos = end;
        }
        if (len > 0) {
            throw new UnixfsFormatException("UnixFS file " + n.cid() + " ends before its declared size");
        }
    }

    /**
     * Calls {@code use} with the {@code len} bytes at {@code offset} of the file below {@code root}
     * where they lie, when one block holds them all; otherwise (or on anything malformed, which
     * {@link #read} then reports) copies them into {@code scratch} first.
     */
    <T> T withRange(DecodedNode root, long offset, int len, byte[] scratch, UnixfsReader.RangeUse<T> use)
            throws IOException {
        DecodedNode n = root;
        long at = offset;
        for (int depth = 0; depth <= FileLayout.MAX_DEPTH; depth++) {
            if (n.isRaw()) {
                if (at + len > n.raw().length) {
                    break;
                }
                return use.use(n.raw(), (int) at, len);
            }
            FileLayout.requireFile(n);
            List<PbLink> links = n.pb().links();
            if (links.size() != n.fs().blocksizeCount()) {
                break;
            }
            long pos = n.dataLength();
            if (at + len <= pos) {
                return use.use(n.dataArray(), n.dataOffset() + (int) at, len);
            }
            DecodedNode holder = null;
            for (int i = 0; i < links.size() && at >= pos; i++) {
                long end = pos + n.fs().blocksize(i);
                if (at < end) {
                    if (at + len <= end) {
                        holder = child(n, i, end - pos);
                        at -= pos;
                    }
                    break;
                }
                pos = end;
            }
            if (holder == null) {
                break;
            }
            n = holder;
        }
        read(root, offset, scratch, 0, len);
        return use.use(scratch, 0, len);
    }

    /** Child {@code i} of file node n, checked to hold the {@code blocksize} bytes n says it holds. */
    private DecodedNode child(DecodedNode n, int i, long blocksize) throws IOException {
        Cid childCid = n.pb().links().get(i).hash();
        // Used before the next load: a leaf's block need only be lent (issue #16).
        DecodedNode child = loader.loadToCopyFrom(childCid);
        long childSize = FileLayout.size(child);
        if (child.isRaw() || child.fs().type() == UnixfsData.FILE || child.fs().type() == UnixfsData.RAW) {
            if (childSize != blocksize) {
                throw new UnixfsFormatException("UnixFS file " + n.cid() + " says child " + childCid
                        + " holds " + blocksize + " bytes, but it holds " + childSize);
            }
        }
        return child;
    }

    /** Copies {@code len} bytes at {@code offset} of the node's content, {@code src[base, base+size)}. */
    private static void copy(Cid cid, byte[] src, int base, int size, long offset, byte[] dst, int dstOff, int len)
            throws UnixfsFormatException {
        if (offset + len > size) {
            throw new UnixfsFormatException("UnixFS node " + cid + " holds " + size + " bytes, fewer than its parent claims");
        }
        System.arraycopy(src, base + (int) offset, dst, dstOff, len);
    }
}
