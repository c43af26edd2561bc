package dev.vipfs.fs.attrs;

import dev.vipfs.ipfs.cid.Cid;
import java.util.HashMap;
import java.util.Map;

/**
 * Which sealed attributes objects this process linked into the namespace's shared tree, and for
 * which directory. The name index names each one {@code data/<dir>/.vipfs-attrs}, and the access
 * gate refuses to serve anything so named: an attributes object is read only through stat of the
 * entries it describes (docs/security.md, "Attributes objects"). Objects no longer linked stay
 * recorded, since their blocks can still be reached by CID. Thread-safe.
 */
public final class AttributeObjectNames {
    private final Map<Cid, String> byCid = new HashMap<>();
    private long generation;

    /** Records that dir ("" = the namespace root) links object; registered before its CID is handed out. */
    public synchronized void linked(Cid object, String dir) {
        if (!dir.equals(byCid.put(object, dir))) {
            generation++;
        }
    }

    public synchronized Map<Cid, String> all() {
        return Map.copyOf(byCid);
    }

    /** Changes whenever {@link #all} does, so an index built over it knows when to renew. */
    public synchronized long generation() {
        return generation;
    }

    /** Whether a policy path names an attributes object (its last segment is the reserved link name). */
    public static boolean names(String policyPath) {
        return policyPath.equals(DirectoryAttributes.LINK_NAME) || policyPath.endsWith("/" + DirectoryAttributes.LINK_NAME);
    }
}
