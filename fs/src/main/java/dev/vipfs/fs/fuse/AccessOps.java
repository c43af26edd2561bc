package dev.vipfs.fs.fuse;

import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import java.io.IOException;

/**
 * access(2) on the content tree, answered from the policy: the mount has no default_permissions,
 * so without this the kernel would answer "yes" for anything that can be looked up.
 */
final class AccessOps {
    static final int X_OK = 1;
    static final int W_OK = 2;
    static final int R_OK = 4;

    private final MountServices s;

    AccessOps(MountServices s) {
        this.s = s;
    }

    /** Refuses writing (read-only tree) and executing a file; a refused decision throws too. */
    void check(Caller caller, MountPath path, int mask) throws IOException, MountPath.NotACidException, RefusedException {
        if ((mask & W_OK) != 0) {
            throw RefusedException.readOnly(path.raw());
        }
        if (path.isRoot()) {
            return;
        }
        ObjectInfo info = s.inspector.inspect(s.access.authorize(caller, path, Operation.LOOKUP));
        boolean directory = info.kind() == ObjectInfo.Kind.DIRECTORY;
        if ((mask & X_OK) != 0 && !directory) {
            throw new RefusedException(RefusedException.Kind.NOT_EXECUTABLE, path.raw() + " is a file, not a directory to search");
        }
        if ((mask & R_OK) != 0) {
            s.access.authorize(caller, path, directory ? Operation.LIST : Operation.READ);
        }
    }
}
