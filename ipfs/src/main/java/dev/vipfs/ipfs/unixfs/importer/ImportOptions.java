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

    /** The parameters, copied and changed by each {@code with…} method (the instance itself never changes). */
    private static final class Fields implements Cloneable {
        int cidVersion;
        Boolean rawLeaves;
        int chunkSize;
        int maxLinks;
        int hamtFanout;
        long hamtThreshold;
        HamtSizeEstimation estimation;
        boolean hidden;
        boolean preserveMode;
        boolean preserveMtime;
        Integer mode;
        java.time.Instant mtime;

        Fields copy() {
            try {
                return (Fields) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Fields f;

    private ImportOptions(Fields f) {
        this.f = f;
    }

    private static ImportOptions of(int cidVersion, Boolean rawLeaves, int chunkSize, int maxLinks,
                                    HamtSizeEstimation estimation) {
        Fields f = new Fields();
        f.cidVersion = cidVersion;
        f.rawLeaves = rawLeaves;
        f.chunkSize = chunkSize;
        f.maxLinks = maxLinks;
        f.hamtFanout = 256;
        f.hamtThreshold = 262144;
        f.estimation = estimation;
        return new ImportOptions(f);
    }

    private ImportOptions with(java.util.function.Consumer<Fields> change) {
        Fields next = f.copy();
        change.accept(next);
        return new ImportOptions(next);
    }

    /**
     * What a Kubo node initialised without a profile does: the unixfs-v0-2015 parameters, but raw
     * leaves left unset so that {@code withCidVersion(1)} turns them on as {@code ipfs add --cid-version=1} does.
     */
    public static ImportOptions kuboDefault() {
        return of(0, null, 262144, 174, HamtSizeEstimation.LINKS);
    }

    /** An IPIP-499 profile by Kubo's name: "unixfs-v0-2015" (alias "legacy-cid-v0") or "unixfs-v1-2025". */
    public static ImportOptions profile(String name) {
        if (UNIXFS_V0_2015.equals(name) || "legacy-cid-v0".equals(name)) {
            return kuboDefault().withRawLeaves(false);
        }
        if (UNIXFS_V1_2025.equals(name)) {
            return of(1, true, 1048576, 1024, HamtSizeEstimation.BLOCK);
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
        return with(n -> n.cidVersion = v);
    }

    /** {@code --raw-leaves}. */
    public ImportOptions withRawLeaves(boolean raw) {
        return with(n -> n.rawLeaves = raw);
    }

    /** {@code --chunker=size-N}. */
    public ImportOptions withChunkSize(int bytes) {
        checkChunk(bytes);
        return with(n -> n.chunkSize = bytes);
    }

    /** {@code Import.UnixFSFileMaxLinks}. */
    public ImportOptions withMaxLinks(int links) {
        if (links < 2) {
            throw new IllegalArgumentException("max links per file node must be at least 2, got " + links);
        }
        return with(n -> n.maxLinks = links);
    }

    /** {@code Import.UnixFSHAMTDirectorySizeThreshold} in bytes. */
    public ImportOptions withHamtThreshold(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("HAMT threshold must not be negative, got " + bytes);
        }
        return with(n -> n.hamtThreshold = bytes);
    }

    /** {@code Import.UnixFSHAMTDirectorySizeEstimation}. */
    public ImportOptions withHamtSizeEstimation(HamtSizeEstimation e) {
        return with(n -> n.estimation = e);
    }

    /** {@code --hidden}: include dot-files when adding a directory. */
    public ImportOptions withHidden(boolean include) {
        return with(n -> n.hidden = include);
    }

    /** {@code --preserve-mode}: store each added file's and directory's permission bits (disables raw leaves). */
    public ImportOptions withPreserveMode(boolean preserve) {
        return with(n -> n.preserveMode = preserve);
    }

    /** {@code --preserve-mtime}: store each added entry's modification time (disables raw leaves). */
    public ImportOptions withPreserveMtime(boolean preserve) {
        return with(n -> n.preserveMtime = preserve);
    }

    /** {@code --mode}: permission bits (e.g. 0644) stored on every added file and directory; null for none. */
    public ImportOptions withMode(Integer permissions) {
        if (permissions != null && (permissions < 0 || permissions > 07777)) {
            throw new IllegalArgumentException("mode must be between 0 and 07777 (octal), got "
                    + Integer.toOctalString(permissions));
        }
        return with(n -> n.mode = permissions);
    }

    /** {@code --mtime}/{@code --mtime-nsecs}: modification time stored on every added entry; null for none. */
    public ImportOptions withMtime(java.time.Instant time) {
        return with(n -> n.mtime = time);
    }

    /** Whether any UnixFS metadata (mode or mtime) is stored. */
    public boolean storesMetadata() {
        return f.preserveMode || f.preserveMtime || f.mode != null || f.mtime != null;
    }

    /** {@code --preserve-mode}. */
    public boolean preserveMode() {
        return f.preserveMode;
    }

    /** {@code --preserve-mtime}. */
    public boolean preserveMtime() {
        return f.preserveMtime;
    }

    /** {@code --mode} override, or null. */
    public Integer mode() {
        return f.mode;
    }

    /** {@code --mtime} override, or null. */
    public java.time.Instant mtime() {
        return f.mtime;
    }

    /** CID version for dag-pb nodes. */
    public int cidVersion() {
        return f.cidVersion;
    }

    /** Effective raw-leaves setting. */
    public boolean rawLeaves() {
        if (f.rawLeaves != null) {
            return f.rawLeaves;
        }
        // Kubo turns raw leaves off when metadata is stored, since a raw block cannot carry it.
        return f.cidVersion == 1 && !storesMetadata();
    }

    /** Chunk size in bytes. */
    public int chunkSize() {
        return f.chunkSize;
    }

    /** Max links per file node. */
    public int maxLinks() {
        return f.maxLinks;
    }

    /** HAMT fanout. */
    public int hamtFanout() {
        return f.hamtFanout;
    }

    /** HAMT threshold in bytes (a directory is sharded when its estimate is strictly greater). */
    public long hamtThreshold() {
        return f.hamtThreshold;
    }

    /** HAMT size estimation mode. */
    public HamtSizeEstimation hamtSizeEstimation() {
        return f.estimation;
    }

    /** Whether hidden files are included. */
    public boolean hidden() {
        return f.hidden;
    }

    @Override
    public String toString() {
        return "ImportOptions[cidVersion=" + f.cidVersion + ", rawLeaves=" + rawLeaves() + ", chunkSize=" + f.chunkSize
                + ", maxLinks=" + f.maxLinks + ", hamtFanout=" + f.hamtFanout + ", hamtThreshold=" + f.hamtThreshold
                + ", estimation=" + f.estimation + ", hidden=" + f.hidden + ", preserveMode=" + f.preserveMode
                + ", preserveMtime=" + f.preserveMtime + ", mode=" + (f.mode == null ? null : Integer.toOctalString(f.mode))
                + ", mtime=" + f.mtime + "]";
    }
}
