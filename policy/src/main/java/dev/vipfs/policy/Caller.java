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
 * @param groupsKnown false when the supplementary groups could not be established (the process is
 *                    gone, lives in a PID namespace the mount cannot see, /proc hides it, or its
 *                    credentials no longer match the request); group-bound policies then cannot be
 *                    applied, and the engine refuses rather than guess
 */
public record Caller(int uid, int gid, int[] groups, long pid, String processName, boolean groupsKnown) {
    public Caller {
        groups = groups == null ? new int[0] : groups.clone();
    }

    /** A caller whose supplementary groups are exactly {@code groups}. */
    public Caller(int uid, int gid, int[] groups, long pid, String processName) {
        this(uid, gid, groups, pid, processName, true);
    }

    /** A caller with no supplementary groups and no process details, e.g. for CLI checks. */
    public static Caller of(int uid, int gid, int... groups) {
        return new Caller(uid, gid, groups, 0, null);
    }

    /**
     * Builds a caller from a FUSE request's credentials, reading supplementary groups from
     * {@code /proc/<pid>/status} and the name from {@code /proc/<pid>/comm}. When the groups cannot
     * be read, or the status no longer shows the request's fsuid/fsgid (the pid was reused), the
     * caller is marked {@code groupsKnown=false}: an empty list would silently drop group-bound denies.
     */
    public static Caller fromProcess(int uid, int gid, long pid) {
        return fromProcess(uid, gid, pid, Path.of("/proc"));
    }

    static Caller fromProcess(int uid, int gid, long pid, Path procRoot) {
        if (pid <= 0) {
            return new Caller(uid, gid, new int[0], pid, null, false);
        }
        Path dir = procRoot.resolve(Long.toString(pid));
        int[] groups = readGroups(dir.resolve("status"), uid, gid);
        String name = readComm(dir.resolve("comm"));
        return new Caller(uid, gid, groups == null ? new int[0] : groups, pid, name, groups != null);
    }

    /** The Groups: line, or null when unreadable or when the status is not the requester's (fsuid/fsgid differ). */
    private static int[] readGroups(Path status, int uid, int gid) {
        try {
            int[] groups = null;
            boolean uidMatches = false;
            boolean gidMatches = false;
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    uidMatches = fsId(line) == uid;
                } else if (line.startsWith("Gid:")) {
                    gidMatches = fsId(line) == gid;
                } else if (line.startsWith("Groups:")) {
                    String rest = line.substring("Groups:".length()).trim();
                    groups = rest.isEmpty() ? new int[0]
                            : Arrays.stream(rest.split("\\s+")).mapToLong(Long::parseLong).mapToInt(l -> (int) l).toArray();
                }
            }
            return uidMatches && gidMatches ? groups : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The fourth id of a "Uid:"/"Gid:" line (real, effective, saved, filesystem): what FUSE reports. */
    private static long fsId(String line) {
        String[] f = line.substring(4).trim().split("\\s+");
        return f.length == 4 ? Long.parseLong(f[3]) : -1;
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
        return o instanceof Caller c && c.uid == uid && c.gid == gid && c.pid == pid && c.groupsKnown == groupsKnown
                && Arrays.equals(c.groups, groups) && java.util.Objects.equals(c.processName, processName);
    }

    @Override
    public int hashCode() {
        // Hot: the engine caches evaluators per caller, so avoid the boxing of Objects.hash.
        int h = 31 * uid + gid;
        h = 31 * h + Long.hashCode(pid);
        h = 31 * h + Arrays.hashCode(groups) + (groupsKnown ? 0 : 1);
        return 31 * h + (processName == null ? 0 : processName.hashCode());
    }

    @Override
    public String toString() {
        return "Caller[uid=" + uid + ", gid=" + gid + ", groups=" + Arrays.toString(groups)
                + (groupsKnown ? "" : " (unknown)") + ", pid=" + pid
                + ", process=" + processName + "]";
    }
}
