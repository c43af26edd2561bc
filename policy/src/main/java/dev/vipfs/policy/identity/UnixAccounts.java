package dev.vipfs.policy.identity;

import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Resolves user and group names of identity bindings. The system's accounts come from the C
 * library (getpwnam_r/getgrnam_r), so users from LDAP, SSSD or systemd-userdb resolve too; a name
 * the name service does not know (or cannot answer for) resolves to nothing and grants nothing.
 */
public final class UnixAccounts {
    private final Function<String, OptionalInt> users;
    private final Function<String, OptionalInt> groups;

    private UnixAccounts(Function<String, OptionalInt> users, Function<String, OptionalInt> groups) {
        this.users = users;
        this.groups = groups;
    }

    /** The system's accounts, through the C library's name service switch. */
    public static UnixAccounts system() {
        return new UnixAccounts(NameService::uid, NameService::gid);
    }

    /** Accounts from explicit name maps, for tests and tools. */
    public static UnixAccounts of(Map<String, Integer> users, Map<String, Integer> groups) {
        Map<String, Integer> u = Map.copyOf(users);
        Map<String, Integer> g = Map.copyOf(groups);
        return new UnixAccounts(n -> u.containsKey(n) ? OptionalInt.of(u.get(n)) : OptionalInt.empty(),
                n -> g.containsKey(n) ? OptionalInt.of(g.get(n)) : OptionalInt.empty());
    }

    public OptionalInt uid(String user) {
        return users.apply(user);
    }

    public OptionalInt gid(String group) {
        return groups.apply(group);
    }
}
