package dev.vipfs.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The process asking for access: its effective uid/gid, supplementary groups and, for the audit trail, pid and name.
 *
 * @param groups supplementary group ids (may include gid); never null
 * @param processName the process's comm name, or null when unknown
 */
public record Caller(int uid, int gid, int[] groups, long pid, String processName) {
    public Caller {
        groups = groups == null ? new int[0] : groups.clone();
    }

    /** A caller with no supplementary groups and no process details, e.g. for CLI checks. */
    public static Caller of(int uid, int gid, int... groups) {
        return new Caller(uid, gid, groups, 0, null);
    }

    /**
     * Builds a caller from a FUSE request's credentials, reading supplementary groups from
     * {@code /proc/<pid>/status} and the name from {@code /proc/<pid>/comm}. Best effort: a process that
     * has already exited yields no groups and a null name, which can only narrow access.
     */
    public static Caller fromProcess(int uid, int gid, long pid) {
        return fromProcess(uid, gid, pid, Path.of("/proc"));
    }

    static Caller fromProcess(int uid, int gid, long pid, Path procRoot) {
        int[] groups = new int[0];
        String name = null;
        if (pid > 0) {
            Path dir = procRoot.resolve(Long.toString(pid));
            groups = readGroups(dir.resolve("status"));
            name = readComm(dir.resolve("comm"));
        }
        return new Caller(uid, gid, groups, pid, name);
    }

    private static int[] readGroups(Path status) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("Groups:")) {
                    String rest = line.substring("Groups:".length()).trim();
                    if (rest.isEmpty()) {
                        return new int[0];
                    }
                    return Arrays.stream(rest.split("\\s+")).mapToLong(Long::parseLong).mapToInt(l -> (int) l).toArray();
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process may be gone or /proc unreadable; fewer groups can only mean less access.
        }
        return new int[0];
    }

    private static String readComm(Path comm) {
        try {
            String s = Files.readString(comm, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? null : s;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether gid or any supplementary group equals {@code g}. */
    public boolean inGroup(int g) {
        if (gid == g) {
            return true;
        }
        for (int x : groups) {
            if (x == g) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int[] groups() {
        return groups.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Caller c && c.uid == uid && c.gid == gid && c.pid == pid
                && Arrays.equals(c.groups, groups) && java.util.Objects.equals(c.processName, processName);
    }

    @Override
    public int hashCode() {
        // Hot: the engine caches evaluators per caller, so avoid the boxing of Objects.hash.
        int h = 31 * uid + gid;
        h = 31 * h + Long.hashCode(pid);
        h = 31 * h + Arrays.hashCode(groups);
        return 31 * h + (processName == null ? 0 : processName.hashCode());
    }

    @Override
    public String toString() {
        return "Caller[uid=" + uid + ", gid=" + gid + ", groups=" + Arrays.toString(groups) + ", pid=" + pid
                + ", process=" + processName + "]";
    }
}
