package dev.vipfs.node;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.libc.Libc;
import dev.vipfs.privilege.ActingAs;
import dev.vipfs.privilege.ServiceUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Who a root-run command must act as: the service user that owns the home's blocks/ and catalog/
 * (a home a root-started mount dropped to that user on). Root then reads only config.json and
 * keys/ as root and opens everything in those directories as their owner, so a link the service
 * user planted there never makes root create, truncate or chown a file it could not.
 */
public final class StoreOwner {
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;

    /** Whom this run acted as, for the hint on a refused input file; reset per run by Main. */
    private static volatile ServiceUser actedAs;

    private StoreOwner() { }

    public static void reset() {
        actedAs = null;
    }

    /** Why root was refused a file, when it was acting as the store's owner; else "". */
    public static String permissionHint() {
        ServiceUser u = actedAs;
        return u == null ? "" : " (run as root on this home, vipfs acts as " + u.name()
                + ", the owner of its store, and reads its inputs as that user: make the file readable to it)";
    }

    static void acting(ServiceUser user) {
        actedAs = user;
    }

    /** The account to act as, or null when we are not root or root owns the store. */
    static ServiceUser of(VipfsHome home) throws UserException, IOException {
        if (Libc.require().geteuid() != 0) {
            return null;
        }
        TreeSet<Integer> owners = new TreeSet<>();
        int gid = 0;
        for (Path d : List.of(home.blocksDir(), home.catalogDir())) {
            Map<String, Object> a;
            try {
                a = Files.readAttributes(d, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException missing) {
                continue;
            }
            if (((Integer) a.get("mode") & S_IFMT) != S_IFDIR) {
                throw new UserException(d + " is not a directory (a symlink or file is in its place); refusing to use it as root",
                        ExitCodes.FAILED);
            }
            int uid = (Integer) a.get("uid");
            if (uid != 0) {
                owners.add(uid);
                gid = (Integer) a.get("gid");
            }
        }
        if (owners.isEmpty()) {
            return null;
        }
        if (owners.size() > 1) {
            throw new UserException("blocks/ and catalog/ in " + home.dir() + " belong to different users " + owners
                    + "; give both to the service user", ExitCodes.FAILED);
        }
        ServiceState.requireRootControlled(home.dir());
        int uid = owners.first();
        int dirGid = gid;
        return ServiceUser.byUid(uid).orElse(new ServiceUser("uid " + uid, uid, dirGid));
    }

    /** Acts as the store's owner on this thread until closed; null (nothing to close) when not needed. */
    public static ActingAs actAsOwner(VipfsHome home) throws UserException, IOException {
        ServiceUser owner = of(home);
        if (owner == null) {
            return null;
        }
        acting(owner);
        return ActingAs.enter(owner);
    }
}
