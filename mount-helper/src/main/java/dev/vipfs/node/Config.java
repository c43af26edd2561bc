package dev.vipfs.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import dev.vipfs.ipfs.unixfs.directory.DirectoryLimits;
import java.util.ArrayList;
import java.util.List;

/** $VIPFS_HOME/config.json: which store to use and how the mount behaves. */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class Config {
    /** Where blocks come from: embedded (default), kubo or gateway. */
    @JsonProperty("store")
    public String store = "embedded";

    /** Kubo RPC address (multiaddr or URL); null means discover from $IPFS_PATH/api. */
    @JsonProperty("kubo_api")
    public String kuboApi;

    /**
     * Kubo's HTTP gateway URL, used to stream many blocks per request on sequential reads; null
     * means $IPFS_PATH/gateway when kubo_api is discovered too, "off" disables it.
     */
    @JsonProperty("kubo_gateway")
    public String kuboGateway;

    /** Kubo RPC Authorization secret ("basic:user:pass" or "bearer:token"), as in Kubo's API.Authorizations. */
    @JsonProperty("kubo_auth")
    public String kuboAuth;

    /** Seconds before a block fetch from Kubo or a gateway gives up. */
    @JsonProperty("fetch_timeout_seconds")
    public int fetchTimeoutSeconds = 30;

    /** Trustless gateway base URLs, tried in order. */
    @JsonProperty("gateways")
    public List<String> gateways = new ArrayList<>();

    /** Key names files are encrypted to; empty means every key in the keyring. */
    @JsonProperty("recipients")
    public List<String> recipients = new ArrayList<>();

    /** Whether the mount serves unencrypted UnixFS files as they are. */
    @JsonProperty("allow_plaintext")
    public boolean allowPlaintext = true;

    /**
     * Whether symlinks whose target leaves the mount (absolute, or ".." above its root) look absent,
     * so a web server on the mount never follows one out of it (docs/security.md, "Symlinks").
     */
    @JsonProperty("hide_escaping_symlinks")
    public boolean hideEscapingSymlinks;

    /** Bytes of decrypted segments kept in memory, in MiB. */
    @JsonProperty("segment_cache_mib")
    public int segmentCacheMib = 32;

    /** Bytes of verified blocks kept in memory, in MiB. */
    @JsonProperty("block_cache_mib")
    public int blockCacheMib = 16;

    /**
     * Entries one directory listing may hold (and names of 128 bytes each on average) before it
     * fails with EIO, so crafted directories cannot fill the heap; see docs/architecture.md.
     */
    @JsonProperty("max_directory_entries")
    public int maxDirectoryEntries = DirectoryLimits.DEFAULT.maxEntries();

    /** Refuses a limit no listing could meet when config.json is read, not at the first ls. */
    @JsonSetter("max_directory_entries")
    void setMaxDirectoryEntries(int entries) {
        if (entries < 1) {
            throw new IllegalArgumentException("max_directory_entries must be at least 1, not " + entries);
        }
        maxDirectoryEntries = entries;
    }

    /**
     * Seconds the kernel may answer lookups and stat from its own cache; null: 0 for a mount other
     * users may use (every lookup and stat then comes to the policy as its caller) and 1 for a mount
     * only its owner's uid can reach. See docs/policy.md, "Kernel caches".
     */
    @JsonProperty("kernel_cache_timeout_seconds")
    public Integer kernelCacheTimeoutSeconds;

    @JsonSetter("kernel_cache_timeout_seconds")
    void setKernelCacheTimeoutSeconds(Integer seconds) {
        if (seconds != null && (seconds < 0 || seconds > 3600)) {
            throw new IllegalArgumentException("kernel_cache_timeout_seconds must be 0 to 3600, not " + seconds);
        }
        kernelCacheTimeoutSeconds = seconds;
    }

    /**
     * The kernel cache timeout for a mount. Only one uid can reach a mount without allow_other, and
     * processes of one uid are no boundary to each other on Linux, so caching among them leaks
     * nothing; the second only bounds how long a revoked grant still answers. With allow_other the
     * kernel's cache would answer one user with another's lookups, so nothing is cached.
     */
    public int kernelCacheTimeout(boolean allowOther) {
        return kernelCacheTimeoutSeconds != null ? kernelCacheTimeoutSeconds : allowOther ? 0 : 1;
    }

    /** The limits every directory listing of this node is held to. */
    public DirectoryLimits directoryLimits() {
        return DirectoryLimits.forEntries(maxDirectoryEntries);
    }

    /**
     * Milliseconds a mount may spend, before it answers its first request, running its lookup,
     * listing and read paths over its own catalogue so that they are compiled when requests come
     * (docs/benchmarks.md, "Warm-up before serving"); 0 turns it off.
     */
    @JsonProperty("warm_up_ms")
    public int warmUpMs = 5000;

    @JsonSetter("warm_up_ms")
    void setWarmUpMs(int ms) {
        warmUpMs = checkedWarmUpMs("warm_up_ms", ms);
    }

    /** {@code ms} if a warm-up may take that long; named {@code what} (the key or the flag) otherwise. */
    public static int checkedWarmUpMs(String what, int ms) {
        if (ms < 0 || ms > 60_000) {
            throw new IllegalArgumentException(what + " must be 0 to 60000, not " + ms);
        }
        return ms;
    }

    /**
     * KiB the kernel may read ahead of a sequential reader of the mount (its read_ahead_kb), set by
     * a mount that starts as root; 0 leaves the kernel's 128 KiB (docs/benchmarks.md, "Read-ahead
     * by the kernel").
     */
    @JsonProperty("kernel_read_ahead_kib")
    public int kernelReadAheadKib = 1024;

    @JsonSetter("kernel_read_ahead_kib")
    void setKernelReadAheadKib(int kib) {
        if (kib < 0 || kib > 16_384) {
            throw new IllegalArgumentException("kernel_read_ahead_kib must be 0 to 16384, not " + kib);
        }
        kernelReadAheadKib = kib;
    }

    /** Audit log file, relative to the home unless absolute. */
    @JsonProperty("audit_log")
    public String auditLog = "audit.log";

    /**
     * os_buffered (default): each line reaches the kernel before the operation proceeds, so it
     * survives a crash of vipfs; every_record also forces it to the device (one fsync per lookup).
     */
    @JsonProperty("audit_sync")
    public String auditSync = "os_buffered";

    /** Whether audit lines keep paths in clear text; by default they are HMAC-SHA256'd with the device salt, as in Vault. */
    @JsonProperty("audit_log_raw")
    public boolean auditLogRaw;
}
