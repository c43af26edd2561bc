package dev.vipfs.ipfs.unixfs.reader;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.codec.FileLink;
import dev.vipfs.ipfs.unixfs.codec.UnixfsKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** What the root block of a UnixFS node says about it (size is file bytes; 0 for directories). */
public record UnixfsStat(Cid cid, UnixfsKind kind, long size, List<FileLink> fileLinks, OptionalInt mode,
        Optional<Instant> mtime) {
    /** Copies the link list. */
    public UnixfsStat {
        fileLinks = List.copyOf(fileLinks);
    }
}
