package dev.vipfs.ipfs.unixfs.importer;

/**
 * Immutable import parameters mirroring Kubo's {@code ipfs add} flags and IPIP-499 profiles.
 * Raw leaves follow Kubo: when not set explicitly (by flag or profile), CIDv1 implies raw leaves.
 */
public final class ImportOptions {
    /** How a basic directory's size is estimated against the HAMT threshold. */
    public enum HamtSizeEstimation {
        /** Sum of name length + CID byte length per link (legacy boxo). */
        LINKS,
        /** Serialized size of the basic directory block (IPIP-499). */
        BLOCK
    }

    /** Kubo's profile name for its historical defaults. */
    public static final String UNIXFS_V0_2015 = "unixfs-v0-2015";
    /** IPIP-499 recommended profile. */
    public static final String UNIXFS_V1_2025 = "unixfs-v1-2025";

    private final int cidVersion;
    private final Boolean rawLeaves;
    private final int chunkSize;
    private final int maxLinks;
    private final int hamtFanout;
    private final long hamtThreshold;
    private final HamtSizeEstimation estimation;
    private final boolean hidden;
    private final boolean preserveMode;
    private final boolean preserveMtime;
    private final Integer mode;
    private final java.time.Instant mtime;

    private ImportOptions(int cidVersion, Boolean rawLeaves, int chunkSize, int maxLinks, int hamtFanout,
            long hamtThreshold, HamtSizeEstimation estimation, boolean hidden) {
        this(cidVersion, rawLeaves, chunkSize, maxLinks, hamtFanout, hamtThreshold, estimation, hidden, false, false,
                null, null);
    }

    private ImportOptions(int cidVersion, Boolean rawLeaves, int chunkSize, int maxLinks, int hamtFanout,
            long hamtThreshold, HamtSizeEstimation estimation, boolean hidden, boolean preserveMode,
            boolean preserveMtime, Integer mode, java.time.Instant mtime) {
        this.preserveMode = preserveMode;
        this.preserveMtime = preserveMtime;
        this.mode = mode;
        this.mtime = mtime;
        this.cidVersion = cidVersion;
        this.rawLeaves = rawLeaves;
        this.chunkSize = chunkSize;
        this.maxLinks = maxLinks;
        this.hamtFanout = hamtFanout;
        this.hamtThreshold = hamtThreshold;
        this.estimation = estimation;
        this.hidden = hidden;
    }

    /**
     * What a Kubo node initialised without a profile does: the unixfs-v0-2015 parameters, but raw
     * leaves left unset so that {@code withCidVersion(1)} turns them on as {@code ipfs add --cid-version=1} does.
     */
    public static ImportOptions kuboDefault() {
        return new ImportOptions(0, null, 262144, 174, 256, 262144, HamtSizeEstimation.LINKS, false);
    }

    /** An IPIP-499 profile by Kubo's name: "unixfs-v0-2015" (alias "legacy-cid-v0") or "unixfs-v1-2025". */
    public static ImportOptions profile(String name) {
        if (UNIXFS_V0_2015.equals(name) || "legacy-cid-v0".equals(name)) {
            return kuboDefault().withRawLeaves(false);
        }
        if (UNIXFS_V1_2025.equals(name)) {
            return new ImportOptions(1, true, 1048576, 1024, 256, 262144, HamtSizeEstimation.BLOCK, false);
        }
        throw new IllegalArgumentException("unknown import profile '" + name + "'; known profiles: "
                + UNIXFS_V0_2015 + ", " + UNIXFS_V1_2025);
    }

    /** Parses Kubo's {@code --chunker} value; only fixed-size chunking ("size-N", or "default") is supported. */
    public static int parseChunker(String spec) {
        if (spec == null || spec.isEmpty() || "default".equals(spec)) {
            return 262144;
        }
        if (!spec.startsWith("size-")) {
            throw new IllegalArgumentException("unsupported chunker '" + spec
                    + "'; only fixed-size chunking 'size-<bytes>' is supported");
        }
        long n;
        try {
            n = Long.parseLong(spec.substring(5));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("chunker '" + spec + "' has no valid byte count after 'size-'");
        }
        checkChunk(n);
        return (int) n;
    }

    private static void checkChunk(long n) {
        // Kubo refuses chunks over 2 MiB (the largest block bitswap will carry) and zero-sized ones.
        if (n <= 0 || n > 2 * 1024 * 1024) {
            throw new IllegalArgumentException("chunk size " + n + " must be between 1 and 2097152 bytes");
        }
    }

    /** {@code --cid-version}. */
    public ImportOptions withCidVersion(int v) {
        if (v != 0 && v != 1) {
            throw new IllegalArgumentException("CID version must be 0 or 1, got " + v);
        }
        return new ImportOptions(v, rawLeaves, chunkSize, maxLinks, hamtFanout, hamtThreshold, estimation,
                hidden, preserveMode, preserveMtime, mode, mtime);
    }

    /** {@code --raw-leaves}. */
    public ImportOptions withRawLeaves(boolean raw) {
        return new ImportOptions(cidVersion, raw, chunkSize, maxLinks, hamtFanout, hamtThreshold, estimation,
                hidden, preserveMode, preserveMtime, mode, mtime);
    }

    /** {@code --chunker=size-N}. */
    public ImportOptions withChunkSize(int bytes) {
        checkChunk(bytes);
        return new ImportOptions(cidVersion, rawLeaves, bytes, maxLinks, hamtFanout, hamtThreshold, estimation,
                hidden, preserveMode, preserveMtime, mode, mtime);
    }

    /** {@code Import.UnixFSFileMaxLinks}. */
    public ImportOptions withMaxLinks(int links) {
        if (links < 2) {
            throw new IllegalArgumentException("max links per file node must be at least 2, got " + links);
        }
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, links, hamtFanout, hamtThreshold, estimation,
                hidden, preserveMode, preserveMtime, mode, mtime);
    }

    /** {@code Import.UnixFSHAMTDirectorySizeThreshold} in bytes. */
    public ImportOptions withHamtThreshold(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("HAMT threshold must not be negative, got " + bytes);
        }
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, maxLinks, hamtFanout, bytes, estimation,
                hidden, preserveMode, preserveMtime, mode, mtime);
    }

    /** {@code Import.UnixFSHAMTDirectorySizeEstimation}. */
    public ImportOptions withHamtSizeEstimation(HamtSizeEstimation e) {
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, maxLinks, hamtFanout, hamtThreshold, e,
                hidden, preserveMode, preserveMtime, mode, mtime);
    }

    /** {@code --hidden}: include dot-files when adding a directory. */
    public ImportOptions withHidden(boolean include) {
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, maxLinks, hamtFanout, hamtThreshold, estimation,
                include, preserveMode, preserveMtime, mode, mtime);
    }

    /** {@code --preserve-mode}: store each added file's and directory's permission bits (disables raw leaves). */
    public ImportOptions withPreserveMode(boolean preserve) {
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, maxLinks, hamtFanout, hamtThreshold, estimation,
                hidden, preserve, preserveMtime, mode, mtime);
    }

    /** {@code --preserve-mtime}: store each added entry's modification time (disables raw leaves). */
    public ImportOptions withPreserveMtime(boolean preserve) {
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, maxLinks, hamtFanout, hamtThreshold, estimation,
                hidden, preserveMode, preserve, mode, mtime);
    }

    /** {@code --mode}: permission bits (e.g. 0644) stored on every added file and directory; null for none. */
    public ImportOptions withMode(Integer permissions) {
        if (permissions != null && (permissions < 0 || permissions > 07777)) {
            throw new IllegalArgumentException("mode must be between 0 and 07777 (octal), got "
                    + Integer.toOctalString(permissions));
        }
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, maxLinks, hamtFanout, hamtThreshold, estimation,
                hidden, preserveMode, preserveMtime, permissions, mtime);
    }

    /** {@code --mtime}/{@code --mtime-nsecs}: modification time stored on every added entry; null for none. */
    public ImportOptions withMtime(java.time.Instant time) {
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, maxLinks, hamtFanout, hamtThreshold, estimation,
                hidden, preserveMode, preserveMtime, mode, time);
    }

    /** Whether any UnixFS metadata (mode or mtime) is stored. */
    public boolean storesMetadata() {
        return preserveMode || preserveMtime || mode != null || mtime != null;
    }

    /** {@code --preserve-mode}. */
    public boolean preserveMode() {
        return preserveMode;
    }

    /** {@code --preserve-mtime}. */
    public boolean preserveMtime() {
        return preserveMtime;
    }

    /** {@code --mode} override, or null. */
    public Integer mode() {
        return mode;
    }

    /** {@code --mtime} override, or null. */
    public java.time.Instant mtime() {
        return mtime;
    }

    /** CID version for dag-pb nodes. */
    public int cidVersion() {
        return cidVersion;
    }

    /** Effective raw-leaves setting. */
    public boolean rawLeaves() {
        if (rawLeaves != null) {
            return rawLeaves;
        }
        // Kubo turns raw leaves off when metadata is stored, since a raw block cannot carry it.
        return cidVersion == 1 && !storesMetadata();
    }

    /** Chunk size in bytes. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Max links per file node. */
    public int maxLinks() {
        return maxLinks;
    }

    /** HAMT fanout. */
    public int hamtFanout() {
        return hamtFanout;
    }

    /** HAMT threshold in bytes (a directory is sharded when its estimate is strictly greater). */
    public long hamtThreshold() {
        return hamtThreshold;
    }

    /** HAMT size estimation mode. */
    public HamtSizeEstimation hamtSizeEstimation() {
        return estimation;
    }

    /** Whether hidden files are included. */
    public boolean hidden() {
        return hidden;
    }

    @Override
    public String toString() {
        return "ImportOptions[cidVersion=" + cidVersion + ", rawLeaves=" + rawLeaves() + ", chunkSize=" + chunkSize
                + ", maxLinks=" + maxLinks + ", hamtFanout=" + hamtFanout + ", hamtThreshold=" + hamtThreshold
                + ", estimation=" + estimation + ", hidden=" + hidden + ", preserveMode=" + preserveMode
                + ", preserveMtime=" + preserveMtime + ", mode=" + (mode == null ? null : Integer.toOctalString(mode))
                + ", mtime=" + mtime + "]";
    }
}
