package dev.vipfs.policy.identity;

import dev.vipfs.libc.Libc;
import java.util.OptionalInt;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * getpwnam_r and getgrnam_r from the C library, so names resolve through NSS exactly as for
 * ls, id or sudo (files, LDAP, SSSD, systemd-userdb), not only the lines of /etc/passwd.
 */
final class NameService {
    private static final int ERANGE = 34;
    // LP64 Linux: struct passwd { char *pw_name, *pw_passwd; uid_t pw_uid; ... } and
    // struct group { char *gr_name, *gr_passwd; gid_t gr_gid; char **gr_mem; }: the id is at 16 in both.
    private static final int ID_OFFSET = 16;
    private static final int STRUCT_BYTES = 48;

    private NameService() { }

    static OptionalInt uid(String user) {
        return lookup(user, true);
    }

    static OptionalInt gid(String group) {
        return lookup(group, false);
    }

    private static OptionalInt lookup(String name, boolean user) {
        Runtime rt = Runtime.getSystemRuntime();
        for (int size = 4096; size <= 1 << 22; size *= 4) {
            Pointer entry = Memory.allocateDirect(rt, STRUCT_BYTES, true);
            Pointer buf = Memory.allocateDirect(rt, size);
            Pointer result = Memory.allocateDirect(rt, rt.addressSize(), true);
            int rc = user ? Libc.require().getpwnam_r(name, entry, buf, size, result)
                    : Libc.require().getgrnam_r(name, entry, buf, size, result);
            if (rc == ERANGE) {
                continue; // a group with many members: retry with a larger buffer
            }
            // Any other error (the name service unreachable) is "no such name": the binding grants nothing.
            if (rc != 0 || result.getPointer(0) == null) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(entry.getInt(ID_OFFSET));
        }
        return OptionalInt.empty();
    }
}
