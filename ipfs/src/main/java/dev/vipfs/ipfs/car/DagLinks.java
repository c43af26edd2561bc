package dev.vipfs.ipfs.car;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.DagPbFormatException;
import dev.vipfs.ipfs.dagpb.PbLink;
import java.io.IOException;
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

    static List<Cid> of(Cid cid, byte[] data) throws IOException {
        List<Cid> out = new ArrayList<>();
        if (cid.codec() == DAG_PB) {
            try {
                for (PbLink link : DagPbCodec.decode(data).links()) {
                    out.add(link.hash());
                }
            } catch (DagPbFormatException e) {
                throw new IOException("cannot follow the links of dag-pb block " + cid + ": " + e.getMessage(), e);
            }
        } else if (cid.codec() == DAG_CBOR) {
            DagCbor.links(DagCbor.decode(data, "dag-cbor block " + cid), out);
        }
        return out;
    }
}
