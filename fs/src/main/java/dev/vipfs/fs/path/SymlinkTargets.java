package dev.vipfs.fs.path;

/**
 * Where a symlink's target leads, judged on its text alone: vipfs never follows a link, the
 * kernel does for the program that reads it. A target escapes the mount when it is absolute or
 * climbs with ".." above the mount's root from the link's directory (docs/security.md "Symlinks").
 */
public final class SymlinkTargets {
    private SymlinkTargets() { }

    /**
     * Whether target leaves the mount, for a link at linkPath (a mount path without the leading
     * slash, e.g. "data/a/link" or "bafy…/dir/link").
     */
    public static boolean escapes(String linkPath, String target) {
        if (target.startsWith("/")) {
            return true;
        }
        // The link's directory lies this many levels below the mount's root.
        int depth = 0;
        for (int i = 0; i < linkPath.length(); i++) {
            if (linkPath.charAt(i) == '/') {
                depth++;
            }
        }
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                if (--depth < 0) {
                    return true;
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return false;
    }
}
