package dev.vipfs.fs.catalog;

import dev.vipfs.fs.attrs.DirectoryAttributes;
import java.nio.charset.StandardCharsets;

/** Checks and splits namespace paths: relative, '/'-separated, "" for the namespace root. */
public final class NamespacePaths {
    /** The longest name, in UTF-8 bytes, a path component may have (what statfs reports as f_namemax). */
    public static final int NAME_MAX = 255;
    /** Where the namespace appears in the mount (MOUNT/data), and so the first segment of its policy paths. */
    public static final String MOUNT_DIR = "data";

    private NamespacePaths() { }

    /** Returns path unchanged if every component is a legal name; throws otherwise. */
    public static String check(String path) throws NamespaceException {
        if (path.isEmpty()) {
            return path;
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0) {
                throw new NamespaceException(NamespaceException.Kind.INVALID_NAME,
                        "'" + path + "' is not a valid namespace path (empty, '.' or '..' component)");
            }
            if (part.equals(DirectoryAttributes.LINK_NAME)) {
                // The link each shared directory holds its sealed attributes object under (docs/format.md).
                throw new NamespaceException(NamespaceException.Kind.INVALID_NAME,
                        "'" + DirectoryAttributes.LINK_NAME + "' is reserved for the directory's attributes object; pick another name");
            }
            if (part.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
                throw new NamespaceException(NamespaceException.Kind.NAME_TOO_LONG,
                        "a component of '" + path + "' is longer than " + NAME_MAX + " bytes");
            }
        }
        return path;
    }

    /** The parent of path; "" for top-level names. */
    public static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? "" : path.substring(0, i);
    }

    /** The last component of path. */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The path the policy and the audit trail see for a namespace path: {@code data/<path>}, {@code data} for the root. */
    public static String policyPath(String path) {
        return path.isEmpty() ? MOUNT_DIR : MOUNT_DIR + "/" + path;
    }

    /** parent joined with name. */
    public static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    /** Whether path is ancestor itself or lies below it. */
    public static boolean within(String path, String ancestor) {
        return ancestor.isEmpty() || path.equals(ancestor) || path.startsWith(ancestor + "/");
    }
}
