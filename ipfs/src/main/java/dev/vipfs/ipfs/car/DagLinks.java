package dev.vipfs.ipfs.car;

import dev.vipfs.ipfs.cid.Cid;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the CIDs a block links to, in the order a DAG traversal visits them: dag-pb links in
 * their serialized order, dag-cbor tag-42 links in serialized order, none for raw and others.
 */
final class DagLinks {
    static final long DAG_PB = 0x70;
    static final long DAG_CBOR = 0x71;

    private DagLinks() {
    }

    static List<Cid> of(Cid cid, byte[] data) throws CarFormatException {
        List<Cid> out = new ArrayList<>();
        if (cid.codec() == DAG_PB) {
            dagPb(data, out, cid);
        } else if (cid.codec() == DAG_CBOR) {
            DagCbor.links(DagCbor.decode(data, "dag-cbor block " + cid), out);
        }
        return out;
    }

    /** PBNode field 2 holds PBLinks; PBLink field 1 holds the linked CID's bytes. */
    private static void dagPb(byte[] data, List<Cid> out, Cid cid) throws CarFormatException {
        String what = "dag-pb block " + cid;
        int[] pos = {0};
        while (pos[0] < data.length) {
            long key = Varint.read(data, pos, what);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (wire == 2) {
                long len = Varint.read(data, pos, what);
                if (len > data.length - pos[0]) {
                    throw new CarFormatException(what + " has a field longer than the block");
                }
                int start = pos[0];
                pos[0] += (int) len;
                if (field == 2) {
                    out.add(linkHash(data, start, start + (int) len, what));
                }
            } else if (wire == 0) {
                Varint.read(data, pos, what);
            } else {
                throw new CarFormatException(what + " uses protobuf wire type " + wire + ", not valid in dag-pb");
            }
        }
    }

    private static Cid linkHash(byte[] data, int start, int end, String what) throws CarFormatException {
        int[] pos = {start};
        while (pos[0] < end) {
            long key = Varint.read(data, pos, what);
            int wire = (int) (key & 7);
            if (wire == 2) {
                long len = Varint.read(data, pos, what);
                if (len > end - pos[0]) {
                    throw new CarFormatException(what + " has a link field longer than the link");
                }
                if ((key >>> 3) == 1) {
                    byte[] hash = new byte[(int) len];
                    System.arraycopy(data, pos[0], hash, 0, hash.length);
                    try {
                        return Cid.decode(hash);
                    } catch (IllegalArgumentException e) {
                        throw new CarFormatException(what + " has a link with an invalid CID: " + e.getMessage(), e);
                    }
                }
                pos[0] += (int) len;
            } else if (wire == 0) {
                Varint.read(data, pos, what);
            } else {
                throw new CarFormatException(what + " has a link with protobuf wire type " + wire);
            }
        }
        throw new CarFormatException(what + " has a link without a Hash");
    }
}
