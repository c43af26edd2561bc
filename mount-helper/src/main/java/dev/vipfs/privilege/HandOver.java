package dev.vipfs.privilege;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives a directory tree that root owns to a service user, once: the migration of a home that root
 * initialised (or wrote into before the service user existed). A tree the service user already
 * owns is never walked again, because root following it would follow the service user's links.
 *
 * <p>Why a root-owned tree is safe to walk: every directory is checked root-owned and writable by
 * root alone before it is read, and is given away only after everything inside it (children
 * first). Until then the service user cannot add, rename or replace anything in it, so no entry
 * changes between the check and the chown. Ownership changes never follow links (lchown), and a
 * file with a second hard link is refused rather than handed over.
 */
public final class HandOver {
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int GROUP_OTHER_WRITE = 0022;

    private HandOver() { }

    /**
     * Makes {@code dir} and everything below it {@code user}'s, or leaves it alone when it already
     * is; throws with the path and the fix when the tree belongs to someone else.
     */
    public static void tree(Path dir, ServiceUser user) throws IOException {
        Map<String, Object> a = Files.readAttributes(dir, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) a.get("uid");
        int mode = (Integer) a.get("mode");
        if ((mode & S_IFMT) != S_IFDIR) {
            throw new IOException(dir + " is not a directory (a symlink or a file is where it should be); remove it");
        }
        if (uid == user.uid()) {
            return;
        }
        if (uid != 0) {
            throw new IOException(dir + " belongs to uid " + uid + ", neither root nor " + user.name()
                    + "; give it to " + user.name() + " by hand (chown -R) while no vipfs runs");
        }
        walk(dir, user);
    }

    private static void walk(Path p, ServiceUser user) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,mode,nlink", LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) a.get("uid");
        int mode = (Integer) a.get("mode");
        switch (mode & S_IFMT) {
            case S_IFDIR -> {
                if (uid != 0 || (mode & GROUP_OTHER_WRITE) != 0) {
                    throw new IOException("cannot hand " + p + " to " + user.name() + ": it is owned by uid " + uid
                            + " with mode " + Integer.toOctalString(mode & 07777)
                            + " (expected root, writable by root alone); fix it by hand while no vipfs runs");
                }
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(p)) {
                    for (Path e : entries) {
                        walk(e, user);
                    }
                }
                chown(p, user);
            }
            case S_IFREG -> {
                if (uid == user.uid()) {
                    return;
                }
                if (uid != 0 || (Integer) a.get("nlink") != 1) {
                    throw new IOException("cannot hand " + p + " to " + user.name() + ": owned by uid " + uid + " with "
                            + a.get("nlink") + " links (expected root's, one link); remove it or fix it by hand");
                }
                chown(p, user);
            }
            case S_IFLNK -> chown(p, user); // the link itself, never its target
            default -> throw new IOException("cannot hand " + p + " to " + user.name()
                    + ": a device, FIFO or socket has no place in vipfs state; remove it");
        }
    }

    private static void chown(Path p, ServiceUser user) throws IOException {
        Files.setAttribute(p, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
    }
}
