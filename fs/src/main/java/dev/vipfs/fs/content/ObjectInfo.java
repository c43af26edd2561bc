package dev.vipfs.fs.content;

import dev.vipfs.ipfs.cid.Cid;
import java.time.Instant;
import java.util.Optional;

/** What a CID is as the mount shows it, derived from its root block alone. */
public record ObjectInfo(Cid cid, Kind kind, long size, Envelope envelope, Optional<Instant> mtime) {

    /** The three shapes a mounted object can take. */
    public enum Kind { DIRECTORY, FILE, SYMLINK }

    /** Where an encrypted object's header and payload live; null for plaintext objects. */
    public record Envelope(Cid header, Cid payload, long payloadLength) { }

    public boolean encrypted() {
        return envelope != null;
    }
}
