package dev.vipfs.fs.mount;

import java.util.ArrayList;
import java.util.List;

/** The FUSE mount options vipfs uses, with the defaults that matter for immutable content. */
public final class MountOptions {
    private final boolean allowOther;
    private final boolean autoUnmount;
    private final int cacheTimeoutSeconds;
    private final List<String> extra;
    private final Integer entryTimeoutSeconds;
    private final Integer attrTimeoutSeconds;
    private final String source;

    private MountOptions(Builder b) {
        this.allowOther = b.allowOther;
        this.autoUnmount = b.autoUnmount;
        this.cacheTimeoutSeconds = b.cacheTimeoutSeconds;
        this.extra = List.copyOf(b.extra);
        this.entryTimeoutSeconds = b.entryTimeoutSeconds;
        this.attrTimeoutSeconds = b.attrTimeoutSeconds;
        this.source = b.source;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean allowOther() {
        return allowOther;
    }

    /** The arguments to pass to libfuse after the program name. */
    public String[] toFuseArgs() {
        List<String> o = new ArrayList<>();
        o.add("fsname=" + source);
        o.add("subtype=vipfs");
        if (allowOther) {
            o.add("allow_other");
        }
        // No default_permissions: the policy is the access control, and the mode bits vipfs presents
        // (0444/0555, or the caller's own 0644 in MOUNT/data) would only add a getattr per directory
        // of every path walked, since attributes are never cached (below). access(2) is answered by
        // the daemon, from the policy.
        if (autoUnmount) {
            o.add("auto_unmount");
        }
        o.add("big_writes");
        o.add("max_read=131072");
        o.add("kernel_cache");
        // The kernel answers a cached entry or attribute for every uid without asking the daemon,
        // so caching names across callers would let one caller reach what another looked up, and
        // would keep answering after a policy reload. Every lookup and getattr therefore comes to
        // the policy; file contents stay cached (kernel_cache), since every open does too.
        o.add("entry_timeout=" + (entryTimeoutSeconds != null ? entryTimeoutSeconds : cacheTimeoutSeconds));
        o.add("attr_timeout=" + (attrTimeoutSeconds != null ? attrTimeoutSeconds : cacheTimeoutSeconds));
        // A name that does not exist does not exist for anyone, whatever the policy.
        if (extra.stream().noneMatch(x -> x.startsWith("negative_timeout="))) {
            o.add("negative_timeout=1");
        }
        for (String x : extra) {
            if (!o.contains(x)) {
                o.add(x);
            }
        }
        return new String[] {"-o", String.join(",", o)};
    }

    /** Builds MountOptions. */
    public static final class Builder {
        private boolean allowOther;
        private boolean autoUnmount = true;
        private int cacheTimeoutSeconds = 0;
        private final List<String> extra = new ArrayList<>();
        private Integer entryTimeoutSeconds;
        private Integer attrTimeoutSeconds;
        private String source = "vipfs";

        public Builder allowOther(boolean v) {
            allowOther = v;
            return this;
        }

        public Builder autoUnmount(boolean v) {
            autoUnmount = v;
            return this;
        }

        public Builder cacheTimeoutSeconds(int v) {
            cacheTimeoutSeconds = v;
            return this;
        }

        /** Overrides cacheTimeoutSeconds for names (null: keep it). */
        public Builder entryTimeoutSeconds(Integer v) {
            entryTimeoutSeconds = v;
            return this;
        }

        /** Overrides cacheTimeoutSeconds for attributes (null: keep it). */
        public Builder attrTimeoutSeconds(Integer v) {
            attrTimeoutSeconds = v;
            return this;
        }

        /**
         * The mount's source in the mount table (fsname), the home, so that `df`, `findmnt` and
         * `vipfs status MOUNTPOINT` can tell which home a mount serves; "vipfs" when the path holds a
         * character the option list or the mount table cannot carry as is.
         */
        public Builder source(String home) {
            source = home.matches("[^,\\\\\\s]+") ? home : "vipfs";
            return this;
        }

        public Builder option(String o) {
            extra.add(o);
            return this;
        }

        public MountOptions build() {
            return new MountOptions(this);
        }
    }
}
