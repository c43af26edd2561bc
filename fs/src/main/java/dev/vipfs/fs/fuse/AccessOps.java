package dev.vipfs.fs.fuse;

import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import java.io.IOException;
import ru.serce.jnrfuse.ErrorCodes;

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

    /** 0, or a negative errno: EROFS for writing, EACCES for executing a file; a refused decision throws. */
    int check(Caller caller, MountPath path, int mask) throws IOException, MountPath.NotACidException {
        if ((mask & W_OK) != 0) {
            return -ErrorCodes.EROFS();
        }
        if (path.isRoot()) {
            return 0;
        }
        ObjectInfo info = s.inspector.inspect(s.access.authorize(caller, path, Operation.LOOKUP));
        boolean directory = info.kind() == ObjectInfo.Kind.DIRECTORY;
        if ((mask & X_OK) != 0 && !directory) {
            return -ErrorCodes.EACCES();
        }
        if ((mask & R_OK) != 0) {
            s.access.authorize(caller, path, directory ? Operation.LIST : Operation.READ);
        }
        return 0;
    }
}
