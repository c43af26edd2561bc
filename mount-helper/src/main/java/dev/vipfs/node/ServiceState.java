package dev.vipfs.node;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.policy.audit.AuditException;
import dev.vipfs.policy.audit.AuditOptions;
import dev.vipfs.privilege.HandOver;
import dev.vipfs.privilege.ServiceUser;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Lays a home out for a root-started mount that drops to a service user, touching only paths root
 * alone controls. The home itself, config.json, keys/ and policies stay root's; the service group
 * may traverse the home (0710) and read keys/ and policies/ (0750, files 0640), so the dropped
 * daemon sees key rotations, raised minimum versions and policy reloads, and nobody else sees
 * anything. blocks/, catalog/, spool/ and the audit log become the service user's: created by
 * root inside the root-owned home and handed over, or migrated once with {@link HandOver}.
 * Changes only what differs, so a home laid out once needs no chown at later starts.
 */
public final class ServiceState {
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int STICKY = 01000;

    private ServiceState() { }

    public static void prepare(VipfsHome home, Config config, ServiceUser user) throws UserException, IOException {
        home.requireInitialised();
        Path dir = home.dir();
        requireRootControlled(dir);
        share(dir, user, 0710);
        // A config.json written under umask 022 before vipfs set its own: the service group can now
        // enter the home, and the file may hold kubo_auth.
        Map<String, Object> config0 = Files.readAttributes(home.configFile(), "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        if (((Integer) config0.get("mode") & S_IFMT) != S_IFREG || (Integer) config0.get("uid") != 0) {
            throw new UserException(home.configFile() + " must be a regular file owned by root", ExitCodes.FAILED);
        }
        if (((Integer) config0.get("mode") & 077) != 0) {
            Files.setAttribute(home.configFile(), "unix:mode", 0600);
        }
        share(home.keysDir(), user, 0750);
        shareFiles(home.keysDir(), user);
        if (Files.isDirectory(home.policiesDir(), LinkOption.NOFOLLOW_LINKS)) {
            share(home.policiesDir(), user, 0750);
            shareFiles(home.policiesDir(), user);
        }
        for (String f : List.of("identities.hcl", "identities.json")) {
            Path p = dir.resolve(f);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                shareFile(p, user);
            }
        }
        for (Path d : List.of(home.blocksDir(), home.catalogDir(), home.dir().resolve("spool"))) {
            try {
                Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException exists) {
                // handed over below, or already the service user's
            }
            try {
                HandOver.tree(d, user);
            } catch (IOException e) {
                throw new UserException(e.getMessage(), ExitCodes.FAILED);
            }
        }
        Path log = home.auditLog(config);
        if (log.getParent().equals(dir)) {
            handOverAuditLog(log, user);
        }
    }

    /**
     * The home and every directory above it must be root's and writable by root alone (or sticky,
     * like /tmp): otherwise the service user could swap what root reads as key or config.
     */
    static void requireRootControlled(Path dir) throws UserException, IOException {
        requireRootControlled(dir, "refusing to use " + dir + " as a service home",
                "; the home holds the key and config.json, the service user gets blocks/, catalog/ and spool/");
    }

    private static void requireRootControlled(Path dir, String refusal, String why) throws UserException, IOException {
        // The path as written (a symlink on the way must be root's and sit in a root-controlled
        // directory, or someone else could re-point it) and the directories it resolves to.
        Path lexical = dir.toAbsolutePath().normalize();
        Path real = dir.toRealPath();
        for (Path end : List.of(lexical, real)) {
            for (Path p = end; p != null; p = p.getParent()) {
                Map<String, Object> a = Files.readAttributes(p, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                boolean link = (mode & S_IFMT) == 0120000;
                boolean othersWrite = !link && (mode & 0022) != 0 && !(!p.equals(end) && (mode & STICKY) != 0);
                if ((Integer) a.get("uid") != 0 || othersWrite) {
                    throw new UserException(refusal + ": " + p + " must be owned by root and writable only by root (it is uid "
                            + a.get("uid") + ", mode " + Integer.toOctalString(mode & 07777) + ")" + why, ExitCodes.FAILED);
                }
            }
        }
    }

    /**
     * The mount follows the mountpoint's path as root: the directory holding it must be root's
     * alone (the service user could otherwise swap the mountpoint for a link to /etc), and the
     * mountpoint itself a real directory, not a link.
     */
    public static void requireRootControlledMountpoint(Path mountpoint) throws UserException, IOException {
        Path mp = mountpoint.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(mp) || !Files.isDirectory(mp, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserException("mountpoint " + mp + " must be a directory, not a link", ExitCodes.FAILED);
        }
        if (mp.getParent() != null) {
            requireRootControlled(mp.getParent(), "refusing to mount on " + mp,
                    "; root mounts through this path, so nobody else may be able to change it");
        }
    }

    /** A root-owned directory the service group may enter (and read, for 0750). */
    private static void share(Path d, ServiceUser user, int mode) throws IOException {
        Map<String, Object> a = Files.readAttributes(d, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
        if (((Integer) a.get("mode") & S_IFMT) != S_IFDIR || (Integer) a.get("uid") != 0) {
            throw new IOException(d + " must be a directory owned by root");
        }
        if ((Integer) a.get("gid") != user.gid()) {
            Files.setAttribute(d, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
        }
        if (((Integer) a.get("mode") & 07777) != mode) {
            Files.setAttribute(d, "unix:mode", mode);
        }
    }

    private static void shareFiles(Path d, ServiceUser user) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
            for (Path p : s) {
                shareFile(p, user);
            }
        }
    }

    /** Root's file, readable by the service group (0640); links and non-files are left alone. */
    private static void shareFile(Path p, ServiceUser user) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
        if (((Integer) a.get("mode") & S_IFMT) != S_IFREG || (Integer) a.get("uid") != 0) {
            return;
        }
        if ((Integer) a.get("gid") != user.gid()) {
            Files.setAttribute(p, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
        }
        if (((Integer) a.get("mode") & 07777) != 0640) {
            Files.setAttribute(p, "unix:mode", 0640); // the path is root's and regular, checked above
        }
    }

    /**
     * The audit log and its salt in the home: created by root (the home is root's, nothing there can
     * be swapped) and handed over, so the daemon opens and appends to them as the service user.
     */
    private static void handOverAuditLog(Path log, ServiceUser user) throws UserException, IOException {
        try {
            AuditOptions.forLog(log, false); // creates the salt beside the log, 0600, when it is missing
        } catch (AuditException e) {
            throw new UserException("cannot prepare the audit log: " + e.getMessage(), ExitCodes.FAILED);
        }
        try {
            Files.newByteChannel(log, java.util.EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))).close();
        } catch (FileAlreadyExistsException exists) {
            // an earlier log: handed over below
        }
        for (Path p : List.of(log, AuditOptions.saltFile(log))) {
            Map<String, Object> a = Files.readAttributes(p, "unix:uid,mode,nlink", LinkOption.NOFOLLOW_LINKS);
            int uid = (Integer) a.get("uid");
            if (((Integer) a.get("mode") & S_IFMT) != S_IFREG || (Integer) a.get("nlink") != 1
                    || (uid != 0 && uid != user.uid())) {
                throw new UserException(p + " must be a regular file with one link owned by root or " + user.name(),
                        ExitCodes.FAILED);
            }
            if (uid == 0) {
                Files.setAttribute(p, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
            }
            if (((Integer) a.get("mode") & 07777) != 0600) {
                Files.setAttribute(p, "unix:mode", 0600);
            }
        }
    }
}
