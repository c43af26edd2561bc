package dev.vipfs.ipfs.block;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Refuses root's file identity in a store another user owns. Root writing there by path would
 * follow whatever links that user planted (a shard directory or a temp file swapped for a link to
 * a root file) and leave files that user cannot use; the caller must act as the owner instead
 * (setfsuid), which makes every lookup and create happen with the owner's rights.
 */
public final class StoreOwnership {
    private StoreOwnership() { }

    /** Why this thread must not write into {@code dir}, or null when it may. */
    static String refusal(Path dir) throws IOException {
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner == 0 || fsuid() != 0) {
            return null;
        }
        return "refusing to write into the block store " + dir + " as root: it belongs to uid " + owner
                + ", so root would follow links that user controls; act as that user";
    }

    /**
     * The calling thread's file-system uid (the uid it creates files as; a mount acting as its service
     * user sets it per thread): the fourth field of Uid in /proc/thread-self/status.
     */
    public static int fsuid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
            if (line.startsWith("Uid:")) {
                String[] f = line.substring(4).trim().split("\\s+");
                return Integer.parseInt(f[3]);
            }
        }
        throw new IOException("no Uid line in /proc/thread-self/status");
    }
}
