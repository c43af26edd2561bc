package dev.vipfs.fs.path;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.CidFormatException;
import java.util.Arrays;
import java.util.List;

/** A path inside the mount split into its root CID and the link names below it. */
public record MountPath(String raw, String rootName, Cid root, List<String> links) {

    /** The mount root itself. */
    public static final MountPath ROOT = new MountPath("/", null, null, List.of());

    /** Thrown when the first component is not a CID the mount can serve. */
    public static final class NotACidException extends Exception {
        private static final long serialVersionUID = 1L;

        NotACidException(String message) {
            super(message);
        }
    }

    public static MountPath parse(String fusePath) throws NotACidException {
        if (fusePath.equals("/") || fusePath.isEmpty()) {
            return ROOT;
        }
        String[] parts = fusePath.substring(1).split("/");
        Cid root;
        try {
            root = Cid.parse(parts[0]);
        } catch (CidFormatException e) {
            throw new NotACidException(e.getMessage());
        }
        return new MountPath(fusePath, parts[0], root, List.of(Arrays.copyOfRange(parts, 1, parts.length)));
    }

    public boolean isRoot() {
        return root == null;
    }

    /** The path the policy sees: no leading slash, the CID as the caller wrote it. */
    public String policyPath() {
        return isRoot() ? "" : raw.substring(1);
    }

    public String name() {
        return links.isEmpty() ? rootName : links.get(links.size() - 1);
    }
}
