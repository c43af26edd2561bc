package dev.vipfs.fs.mount;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The FUSE options an operator passes with {@code -o OPT[,OPT…]}: those vipfs has a flag for are
 * merged with the flag (allow_other is --allow-other), those vipfs must set itself are refused with
 * the reason, and the rest go to libfuse as they are, once.
 */
public final class FuseOptionList {
    /** Set by vipfs and not the operator's to change: why, for the error message. */
    private static final java.util.Map<String, String> REFUSED = java.util.Map.of(
            "fsname", "vipfs names the mount after its home",
            "subtype", "vipfs sets subtype=vipfs",
            "default_permissions", "the policy is the access control: the kernel's mode-bit check would refuse what the"
                    + " policy allows (MOUNT/data) and cost a getattr per path component",
            "direct_io", "it would stop the page cache vipfs relies on for decrypted content",
            "max_read", "vipfs reads in 128 KiB requests");
    /** Set by vipfs already: given again they change nothing. */
    private static final Set<String> ALREADY = Set.of("auto_unmount", "kernel_cache", "big_writes", "default", "defaults");

    /** What -o asked for, merged into the flags by the caller. */
    public record Parsed(boolean allowOther, boolean readOnly, boolean readWrite, Integer entryTimeout, Integer attrTimeout,
                         Integer uid, Integer gid, Integer umask, List<String> passThrough) { }

    private FuseOptionList() { }

    /**
     * Parses one or more comma-separated lists.
     *
     * @throws IllegalArgumentException with what to do instead, for a refused or malformed option
     */
    public static Parsed parse(List<String> lists) {
        boolean allowOther = false;
        boolean ro = false;
        boolean rw = false;
        Integer entry = null;
        Integer attr = null;
        Integer uid = null;
        Integer gid = null;
        Integer umask = null;
        List<String> pass = new ArrayList<>();
        for (String list : lists) {
            for (String opt : list.split(",")) {
                String o = opt.strip();
                if (o.isEmpty()) {
                    continue;
                }
                int eq = o.indexOf('=');
                String key = eq < 0 ? o : o.substring(0, eq);
                String value = eq < 0 ? null : o.substring(eq + 1);
                if (REFUSED.containsKey(key)) {
                    throw new IllegalArgumentException("-o " + key + " is not accepted: " + REFUSED.get(key));
                }
                switch (key) {
                    case "allow_other" -> allowOther = true;
                    case "ro" -> ro = true;
                    case "rw" -> rw = true;
                    case "entry_timeout" -> entry = seconds(key, value);
                    case "attr_timeout" -> attr = seconds(key, value);
                    case "uid" -> uid = number(key, value, 10);
                    case "gid" -> gid = number(key, value, 10);
                    case "umask" -> umask = number(key, value, 8);
                    default -> {
                        if (!ALREADY.contains(key) && !pass.contains(o)) {
                            pass.add(o);
                        }
                    }
                }
            }
        }
        if (ro && rw) {
            throw new IllegalArgumentException("-o ro and -o rw contradict each other: give one");
        }
        if (allowOther && pass.contains("allow_root")) {
            throw new IllegalArgumentException("-o allow_root and allow_other (or --allow-other, --user) contradict"
                    + " each other: allow_other already lets root in");
        }
        return new Parsed(allowOther, ro, rw, entry, attr, uid, gid, umask, List.copyOf(pass));
    }

    /** A flag and its -o spelling given together must agree; the value either gave, or null. */
    public static Integer merge(String flag, Integer fromFlag, String option, Integer fromOption) {
        if (fromFlag != null && fromOption != null && !fromFlag.equals(fromOption)) {
            throw new IllegalArgumentException(flag + " " + fromFlag + " and -o " + option + "=" + fromOption
                    + " contradict each other: give one");
        }
        return fromFlag != null ? fromFlag : fromOption;
    }

    private static int seconds(String key, String value) {
        int s = number(key, value, 10);
        if (s > 3600) {
            throw new IllegalArgumentException("-o " + key + " must be 0 to 3600 seconds, not " + s);
        }
        return s;
    }

    private static int number(String key, String value, int radix) {
        try {
            int n = Integer.parseInt(value == null ? "" : value, radix);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-o " + key + " needs a non-negative " + (radix == 8 ? "octal " : "")
                    + "number, not '" + value + "'");
        }
    }
}
