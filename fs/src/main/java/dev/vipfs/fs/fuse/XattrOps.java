package dev.vipfs.fs.fuse;

import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Extended attributes that expose each object's CID and encryption state to getfattr. */
final class XattrOps {
    static final String CID = "user.vipfs.cid";
    static final String ENCRYPTED = "user.vipfs.encrypted";
    static final String HEADER = "user.vipfs.header";

    private final MountServices s;

    XattrOps(MountServices s) {
        this.s = s;
    }

    Map<String, String> attributes(Caller caller, MountPath path) throws IOException, MountPath.NotACidException {
        Map<String, String> attrs = new LinkedHashMap<>();
        if (path.isRoot()) {
            return attrs;
        }
        Cid cid = s.access.authorize(caller, path, Operation.LOOKUP);
        ObjectInfo info = s.inspector.inspect(cid);
        attrs.put(CID, cid.toString());
        if (info.kind() == ObjectInfo.Kind.FILE) {
            attrs.put(ENCRYPTED, Boolean.toString(info.encrypted()));
            if (info.encrypted()) {
                attrs.put(HEADER, info.envelope().header().toString());
            }
        }
        return attrs;
    }
}
