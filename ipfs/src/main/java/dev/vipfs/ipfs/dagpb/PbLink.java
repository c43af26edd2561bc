package dev.vipfs.ipfs.dagpb;

import dev.vipfs.ipfs.cid.Cid;
import java.util.Objects;

/**
 * A dag-pb link. {@code name} and {@code tsize} may be null (absent); boxo always writes both, so
 * links built by vipfs carry them.
 */
public record PbLink(Cid hash, String name, Long tsize) {
    /** Checks that the hash is present. */
    public PbLink {
        Objects.requireNonNull(hash, "a dag-pb link needs a hash");
    }

    /** A link with a name and Tsize, as boxo writes them. */
    public static PbLink of(Cid hash, String name, long tsize) {
        return new PbLink(hash, name, tsize);
    }

    /** The name, or "" when absent. */
    public String nameOrEmpty() {
        return name == null ? "" : name;
    }

    /** The Tsize, or 0 when absent. */
    public long tsizeOrZero() {
        return tsize == null ? 0 : tsize;
    }
}
