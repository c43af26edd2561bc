package dev.vipfs.policy.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/** User and group names from passwd/group files, read once; unreadable or malformed lines are skipped. */
public final class UnixAccounts {
    private final Map<String, Integer> users;
    private final Map<String, Integer> groups;

    private UnixAccounts(Map<String, Integer> users, Map<String, Integer> groups) {
        this.users = users;
        this.groups = groups;
    }

    /** The system's /etc/passwd and /etc/group. */
    public static UnixAccounts system() {
        return from(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    /** Accounts from the given files (missing files mean no names). */
    public static UnixAccounts from(Path passwd, Path group) {
        return new UnixAccounts(read(passwd), read(group));
    }

    /** Accounts from explicit name maps, for tests and tools. */
    public static UnixAccounts of(Map<String, Integer> users, Map<String, Integer> groups) {
        return new UnixAccounts(Map.copyOf(users), Map.copyOf(groups));
    }

    private static Map<String, Integer> read(Path file) {
        Map<String, Integer> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                // name:password:id:...
                String[] f = line.split(":", -1);
                if (f.length < 3 || f[0].isEmpty() || f[0].startsWith("#")) {
                    continue;
                }
                try {
                    out.putIfAbsent(f[0], Integer.parseInt(f[2]));
                } catch (NumberFormatException e) {
                    // Not an account line; skip it like getpwnam would.
                }
            }
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    public OptionalInt uid(String user) {
        Integer v = users.get(user);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    public OptionalInt gid(String group) {
        Integer v = groups.get(group);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }
}
