package dev.vipfs.privilege;

import dev.vipfs.libc.Libc;
import java.io.IOException;
import java.util.Optional;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The unprivileged account a root-started mount drops to. Names are resolved by the C library
 * (getpwnam_r), so accounts from LDAP, SSSD or systemd-userdb resolve as they do for every tool.
 */
public record ServiceUser(String name, int uid, int gid) {
    // struct passwd on LP64 Linux: pw_name, pw_passwd, then uid_t pw_uid at 16 and gid_t pw_gid at 20.
    private static final int PASSWD_SIZE = 48;
    private static final int PW_UID = 16;
    private static final int PW_GID = 20;
    private static final int ERANGE = 34;

    /** Resolves a user name, or a numeric "uid[:gid]" (gid: the account's primary group, else the uid). */
    public static ServiceUser lookup(String spec) throws IOException {
        if (spec.matches("\\d+(:\\d+)?")) {
            String[] p = spec.split(":");
            int uid = Integer.parseInt(p[0]);
            if (p.length > 1) {
                return new ServiceUser(spec, uid, Integer.parseInt(p[1]));
            }
            return byUid(uid).map(u -> new ServiceUser(spec, u.uid(), u.gid())).orElse(new ServiceUser(spec, uid, uid));
        }
        return byName(spec).orElseThrow(() -> new IOException("no such user '" + spec + "' (getpwnam found no account)"));
    }

    /** The account named {@code name}, as the system's name service resolves it. */
    public static Optional<ServiceUser> byName(String name) throws IOException {
        return query(name, -1);
    }

    /** The account with {@code uid}; empty when no account has it. */
    public static Optional<ServiceUser> byUid(int uid) throws IOException {
        return query(null, uid);
    }

    private static Optional<ServiceUser> query(String name, int uid) throws IOException {
        Runtime rt = Runtime.getSystemRuntime();
        for (int size = 4096; size <= 1 << 20; size *= 4) {
            Pointer pwd = Memory.allocateDirect(rt, PASSWD_SIZE, true);
            Pointer buf = Memory.allocateDirect(rt, size);
            Pointer result = Memory.allocateDirect(rt, rt.addressSize(), true);
            int rc = name != null ? Libc.require().getpwnam_r(name, pwd, buf, size, result)
                    : Libc.require().getpwuid_r(uid, pwd, buf, size, result);
            if (rc == ERANGE) {
                continue;
            }
            if (rc != 0) {
                throw new IOException("cannot look up user " + (name != null ? "'" + name + "'" : "uid " + uid)
                        + ": error " + rc + " from the name service");
            }
            if (result.getPointer(0) == null) {
                return Optional.empty();
            }
            String n = pwd.getPointer(0).getString(0);
            return Optional.of(new ServiceUser(n, pwd.getInt(PW_UID), pwd.getInt(PW_GID)));
        }
        throw new IOException("the passwd entry of " + (name != null ? name : "uid " + uid) + " is larger than 1 MiB");
    }
}
