package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.fs.path.PathResolver;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.node.Node;
import java.io.IOException;

/** A CLI argument of the form CID[/link…], resolved the same way the mount resolves paths. */
final class ObjectTarget {
    final MountPath path;
    final Cid cid;
    final ObjectInfo info;

    private ObjectTarget(MountPath path, Cid cid, ObjectInfo info) {
        this.path = path;
        this.cid = cid;
        this.info = info;
    }

    static ObjectTarget resolve(Node node, ObjectInspector inspector, String arg) throws UserException, IOException {
        String trimmed = arg.startsWith("/ipfs/") ? arg.substring(6) : arg;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/") && trimmed.length() > 1) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            throw new UserException("expected CID[/path], got '" + arg + "'");
        }
        MountPath path;
        try {
            path = MountPath.parse("/" + trimmed);
        } catch (MountPath.NotACidException e) {
            throw new UserException(e.getMessage());
        }
        PathResolver resolver = new PathResolver(node.reader(), inspector);
        try {
            Cid cid = resolver.resolve(path);
            return new ObjectTarget(path, cid, inspector.inspect(cid));
        } catch (dev.vipfs.fs.path.NoSuchLinkException | dev.vipfs.fs.path.NotADirectoryLinkException e) {
            throw new UserException(e.getMessage(), ExitCodes.FAILED);
        }
    }
}
