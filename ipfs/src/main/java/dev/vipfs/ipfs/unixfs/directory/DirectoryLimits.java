package dev.vipfs.ipfs.unixfs.directory;

/**
 * How much one directory listing may gather before it fails with {@link DirectoryTooLargeException}.
 * A listing is held in memory whole (FUSE asks for all names of a directory at once) and its blocks
 * may come from anyone on the network, so without a bound a few kilobytes of crafted shards could
 * ask for more entries than the daemon's heap holds.
 *
 * @param maxEntries   entries one listing may return; also the number of HAMT shards it may walk,
 *                     since a HAMT never needs more shards than it has entries
 * @param maxNameBytes total UTF-8 bytes of the names one listing may return
 */
public record DirectoryLimits(int maxEntries, long maxNameBytes) {
    /** Names may average 128 bytes at the entry limit; real names are mostly far shorter. */
    private static final int NAME_BYTES_PER_ENTRY = 128;

    /**
     * 65,536 entries and 8 MiB of names: 10 to 20 MiB of heap at the limit (entries, CIDs, names),
     * so a few such listings at once still fit in a 128 MiB daemon, while directories far larger
     * than Kubo's sharding threshold (a few thousand entries) list whole.
     */
    public static final DirectoryLimits DEFAULT = forEntries(65_536);

    /** Checks that both limits are positive. */
    public DirectoryLimits {
        if (maxEntries < 1 || maxNameBytes < 1) {
            throw new IllegalArgumentException("directory limits must be positive, got " + maxEntries
                    + " entries and " + maxNameBytes + " name bytes");
        }
    }

    /** At most {@code maxEntries} entries, with names of 128 bytes each on average. */
    public static DirectoryLimits forEntries(int maxEntries) {
        return new DirectoryLimits(maxEntries, (long) maxEntries * NAME_BYTES_PER_ENTRY);
    }
}
