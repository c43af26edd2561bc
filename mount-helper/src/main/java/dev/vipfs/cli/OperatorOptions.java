package dev.vipfs.cli;

import dev.vipfs.node.Config;
import dev.vipfs.exit.UserException;
import dev.vipfs.node.ConfigOverrides;

import dev.vipfs.fs.mount.FuseOptionList;
import dev.vipfs.fs.mount.MountOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The operator's flags of `vipfs mount` (picocli mixin): FUSE options, kernel cache timeouts, how
 * entries are presented, cache sizes, --daemon and --metrics. Kept apart from MountCommand so the
 * mount's own flow stays readable.
 */
final class OperatorOptions implements ConfigOverrides {
    @Option(names = {"-o", "--option"}, paramLabel = "OPT[,OPT…]",
            description = "FUSE options, as mount(8) -o: allow_other = --allow-other, ro = --read-only, entry_timeout=,"
                    + " attr_timeout=, uid=, gid=, umask= = their flags; fsname, subtype, default_permissions, direct_io"
                    + " and max_read are vipfs's own and refused; anything else goes to libfuse")
    List<String> options = new ArrayList<>();

    @Option(names = "--entry-timeout", paramLabel = "SECONDS",
            description = "seconds the kernel caches names (default: kernel_cache_timeout_seconds; 0 with other users allowed)")
    Integer entryTimeout;

    @Option(names = "--attr-timeout", paramLabel = "SECONDS",
            description = "seconds the kernel caches attributes (default: as --entry-timeout)")
    Integer attrTimeout;

    @Option(names = "--uid", paramLabel = "UID", description = "owner every entry shows (ls -l); the policy still decides access")
    Integer uid;

    @Option(names = "--gid", paramLabel = "GID", description = "group every entry shows (ls -l)")
    Integer gid;

    @Option(names = "--umask", paramLabel = "OCTAL", description = "mode bits every entry shows are 0777 minus this (e.g. 022)")
    String umask;

    @Option(names = "--segment-cache-mib", paramLabel = "MIB", description = "decrypted segments kept in memory (config: segment_cache_mib)")
    Integer segmentCacheMib;

    @Option(names = "--block-cache-mib", paramLabel = "MIB", description = "verified blocks kept in memory (config: block_cache_mib)")
    Integer blockCacheMib;

    @Option(names = "--warm-up-ms", paramLabel = "MS", description = "time the mount may spend compiling its request paths on its own catalogue before it answers (config: warm_up_ms, default 5000; 0: off)")
    Integer warmUpMs;

    @Option(names = "--daemon", description = "run in the background: return once the mount serves (exit 0) or failed (non-zero, reason on stderr)")
    boolean daemon;

    @Option(names = "--daemon-log", paramLabel = "FILE", description = "with --daemon: append the daemon's messages here (default: they stay on this stderr)")
    java.nio.file.Path daemonLog;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "serve Prometheus metrics at http://HOST:PORT/metrics (off by default; loopback only unless --metrics-allow-remote)")
    String metrics;

    @Option(names = "--metrics-allow-remote", description = "let --metrics listen on a non-loopback address (anyone who reaches it sees the counters)")
    boolean metricsAllowRemote;

    private FuseOptionList.Parsed parsed;

    /** The parsed -o list; bad or refused options are bad input. */
    FuseOptionList.Parsed parsed() throws UserException {
        if (parsed == null) {
            try {
                parsed = FuseOptionList.parse(options);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        }
        return parsed;
    }

    /** --read-only merged with -o ro/rw. */
    boolean readOnly(boolean readOnlyFlag) throws UserException {
        if (readOnlyFlag && parsed().readWrite()) {
            throw new UserException("--read-only and -o rw contradict each other: give one");
        }
        return readOnlyFlag || parsed().readOnly();
    }

    /** Cache sizes and the warm-up from the flags, over config.json's. */
    @Override
    public void applyTo(Config config) throws UserException {
        if (segmentCacheMib != null) {
            config.segmentCacheMib = positive("--segment-cache-mib", segmentCacheMib);
        }
        if (blockCacheMib != null) {
            config.blockCacheMib = positive("--block-cache-mib", blockCacheMib);
        }
        if (warmUpMs != null) {
            try {
                config.warmUpMs = Config.checkedWarmUpMs("--warm-up-ms", warmUpMs);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        }
    }

    /**
     * The FUSE options beyond allow_other and ro: timeouts (warning, as kernel_cache_timeout_seconds
     * does, when a mount others may use caches names), presentation and the pass-through list.
     */
    MountOptions.Builder configure(MountOptions.Builder b, boolean allowOther, String home) throws UserException {
        FuseOptionList.Parsed p = parsed();
        Integer entry;
        Integer attr;
        Integer owner;
        Integer group;
        Integer mask;
        try {
            entry = range("--entry-timeout", FuseOptionList.merge("--entry-timeout", entryTimeout, "entry_timeout", p.entryTimeout()));
            attr = range("--attr-timeout", FuseOptionList.merge("--attr-timeout", attrTimeout, "attr_timeout", p.attrTimeout()));
            owner = FuseOptionList.merge("--uid", uid, "uid", p.uid());
            group = FuseOptionList.merge("--gid", gid, "gid", p.gid());
            mask = FuseOptionList.merge("--umask", umask == null ? null : octal(umask), "umask", p.umask());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (attr == null && entry != null) {
            attr = entry;
        }
        for (Integer t : new Integer[] {entry, attr}) {
            if (allowOther && t != null && t > 0) {
                System.err.println("vipfs: warning: a kernel cache timeout of " + t + " s with other users allowed: one"
                        + " caller's cached lookups answer every other caller (docs/policy.md, Kernel caches)");
                break;
            }
        }
        b.entryTimeoutSeconds(entry).attrTimeoutSeconds(attr).source(home);
        if (owner != null) {
            b.option("uid=" + owner);
        }
        if (group != null) {
            b.option("gid=" + group);
        }
        if (mask != null) {
            b.option("umask=0" + Integer.toOctalString(mask));
        }
        p.passThrough().forEach(b::option);
        return b;
    }

    private static Integer range(String flag, Integer seconds) {
        if (seconds != null && (seconds < 0 || seconds > 3600)) {
            throw new IllegalArgumentException(flag + " must be 0 to 3600 seconds, not " + seconds);
        }
        return seconds;
    }

    private static int octal(String s) {
        try {
            int m = Integer.parseInt(s, 8);
            if (m < 0 || m > 0777) {
                throw new NumberFormatException();
            }
            return m;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--umask needs an octal mask from 000 to 777 (e.g. 022), not '" + s + "'");
        }
    }

    private static int positive(String flag, int mib) throws UserException {
        if (mib < 1) {
            throw new UserException(flag + " must be at least 1 MiB, not " + mib);
        }
        return mib;
    }
}
