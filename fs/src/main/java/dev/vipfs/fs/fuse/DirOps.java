package dev.vipfs.fs.fuse;

import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.fs.path.NotADirectoryLinkException;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.DirEntry;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** readdir: the mount root lists catalogued roots the caller may see; DAG directories list their links. */
final class DirOps {
    private final MountServices s;

    DirOps(MountServices s) {
        this.s = s;
    }

    List<String> readdir(Caller caller, MountPath path) throws IOException {
        List<String> names = new ArrayList<>();
        if (path.isRoot()) {
            for (String root : s.catalog.rootNames()) {
                if (s.gate.permits(caller, root, Operation.LOOKUP)) {
                    names.add(root);
                }
            }
            return names;
        }
        s.gate.require(caller, path.policyPath(), Operation.LIST, null);
        Cid cid = s.resolver.resolve(path);
        ObjectInfo info = s.inspector.inspect(cid);
        if (info.kind() != ObjectInfo.Kind.DIRECTORY) {
            throw new NotADirectoryLinkException(path.raw() + " is not a directory");
        }
        for (DirEntry e : s.reader.list(cid)) {
            names.add(e.name());
        }
        return names;
    }
}
