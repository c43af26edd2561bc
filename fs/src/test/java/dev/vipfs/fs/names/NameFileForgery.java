package dev.vipfs.fs.names;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multihash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What an attacker who can write a names file would write: a well-formed file that leaves some names out. */
public final class NameFileForgery {
    private NameFileForgery() { }

    /** {@code genuine} without every name whose path contains {@code part}, with a valid checksum. */
    public static byte[] without(Cid root, byte[] genuine, String part) throws Exception {
        Map<Multihash, NameNode[]> kept = new HashMap<>();
        for (Map.Entry<Multihash, NameNode[]> e : TreeNameFile.decode(root, genuine).entrySet()) {
            List<NameNode> ns = new ArrayList<>();
            for (NameNode n : e.getValue()) {
                if (!n.path().contains(part)) {
                    ns.add(n);
                }
            }
            if (!ns.isEmpty()) {
                kept.put(e.getKey(), ns.toArray(new NameNode[0]));
            }
        }
        return TreeNameFile.encode(root, kept);
    }
}
