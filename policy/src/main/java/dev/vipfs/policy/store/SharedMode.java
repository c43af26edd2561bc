package dev.vipfs.policy.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The group read access a replacement policy or identity file must keep. A root-started mount
 * shares policies/ and the identity file with its service group (0640) so the dropped daemon can
 * reload them on SIGHUP; a rewrite by `vipfs policy write` or `vipfs identity write` (created 0600)
 * must not silently take that away, nor give it to anyone else.
 */
public final class SharedMode {
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;

    private SharedMode() { }

    /**
     * Gives {@code tmp} (a fresh 0600 file about to be renamed over {@code target}) the group and
     * group-read bit of the file it replaces, or, for a new file, of a directory its group may read.
     */
    public static void copyGroupRead(Path target, Path tmp) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(target, "unix:gid,mode", LinkOption.NOFOLLOW_LINKS);
            if (((Integer) a.get("mode") & S_IFMT) != S_IFREG || ((Integer) a.get("mode") & 0040) == 0) {
                return;
            }
        } catch (NoSuchFileException none) {
            a = Files.readAttributes(target.toAbsolutePath().getParent(), "unix:gid,mode", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            if ((mode & 0050) != 0050 || (mode & 0027) != 0) {
                return;
            }
        }
        Files.setAttribute(tmp, "unix:gid", a.get("gid"), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(tmp, "unix:mode", 0640);
    }
}
