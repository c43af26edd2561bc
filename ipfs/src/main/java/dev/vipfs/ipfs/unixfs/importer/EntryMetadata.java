package dev.vipfs.ipfs.unixfs.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;

/** Mode and mtime to store on an entry's root node; both null when none. */
record EntryMetadata(Integer mode, Instant mtime) {
    static final EntryMetadata NONE = new EntryMetadata(null, null);

    /** What --mode/--mtime say to store on every entry. */
    static EntryMetadata overrides(ImportOptions opts) {
        return new EntryMetadata(opts.mode(), opts.mtime());
    }

    /** What --mode/--mtime or --preserve-mode/--preserve-mtime say to store for {@code p} (not following links). */
    static EntryMetadata of(Path p, ImportOptions opts) throws IOException {
        if (!opts.storesMetadata()) {
            return NONE;
        }
        Integer mode = opts.mode();
        if (mode == null && opts.preserveMode()) {
            Object m = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            mode = ((Integer) m) & 07777;
        }
        Instant mtime = opts.mtime();
        if (mtime == null && opts.preserveMtime()) {
            mtime = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
        }
        return new EntryMetadata(mode, mtime);
    }
}
