package dev.vipfs.ipfs.unixfs.directory;

import dev.vipfs.ipfs.cid.Cid;

/** What one listing has gathered so far, stopped at its {@link DirectoryLimits} before it is exceeded. */
final class ListingBudget {
    private final DirectoryLimits limits;
    private final Cid dir;
    private int entries;
    private long nameBytes;
    private int shards;

    ListingBudget(DirectoryLimits limits, Cid dir) {
        this.limits = limits;
        this.dir = dir;
    }

    /** Accounts for one more entry whose name is {@code nameByteCount} UTF-8 bytes long. */
    void entry(int nameByteCount) throws DirectoryTooLargeException {
        if (entries == limits.maxEntries()) {
            throw new DirectoryTooLargeException("directory " + dir + " has more than " + limits.maxEntries()
                    + " entries, the most one listing may hold");
        }
        if (nameBytes + nameByteCount > limits.maxNameBytes()) {
            throw new DirectoryTooLargeException("directory " + dir + " has names longer than "
                    + limits.maxNameBytes() + " bytes in all, the most one listing may hold");
        }
        entries++;
        nameBytes += nameByteCount;
    }

    /** Accounts for one more HAMT shard below the root. */
    void shard() throws DirectoryTooLargeException {
        if (shards == limits.maxEntries()) {
            throw new DirectoryTooLargeException("HAMT directory " + dir + " has more than " + limits.maxEntries()
                    + " shards, more than a HAMT within the listing limit ever needs");
        }
        shards++;
    }
}
