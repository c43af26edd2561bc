package dev.vipfs.ipfs.unixfs.directory;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.unixfs.codec.DecodedNode;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import dev.vipfs.ipfs.unixfs.codec.UnixfsFormatException;
import java.util.List;
import java.util.Locale;

/**
 * One HAMT shard whose parameters were checked against the UnixFS spec and against its root before
 * any of its links is followed: shards come from the network, so fanout, hash function, depth and
 * link names are whatever an attacker wrote.
 */
final class HamtShard {
    /** The spec's bounds: a whole-byte bitfield, and at most 1024 so no bucket array is unbounded (CVE-2023-23625). */
    static final int MIN_FANOUT = 8;
    static final int MAX_FANOUT = 1024;

    private final DecodedNode node;
    private final int fanout;
    private final int bits;
    private final int pad;
    private final int depth;

    private HamtShard(DecodedNode node, int fanout, int depth) {
        this.node = node;
        this.fanout = fanout;
        this.bits = Integer.numberOfTrailingZeros(fanout);
        // Kubo and boxo pad to the hex width of the largest slot, so fanout 8 and 16 use one digit.
        this.pad = Integer.toHexString(fanout - 1).length();
        this.depth = depth;
    }

    /** The root shard of a HAMT directory (its type already checked by the caller). */
    static HamtShard root(DecodedNode n) throws UnixfsFormatException {
        return checked(n, 0);
    }

    /** {@code n} as the shard one level below this one, after checking it is one. */
    HamtShard child(DecodedNode n) throws UnixfsFormatException {
        if (n.isRaw() || n.fs().type() != UnixfsData.HAMT_SHARD) {
            throw new UnixfsFormatException("HAMT shard " + cid() + " links to " + n.cid()
                    + " as a subshard, but it is not a HAMT shard");
        }
        HamtShard c = checked(n, depth + 1);
        if (c.fanout != fanout) {
            throw new UnixfsFormatException("HAMT shard " + n.cid() + " has fanout " + c.fanout
                    + " below a shard of fanout " + fanout + "; one HAMT has one fanout");
        }
        return c;
    }

    private static HamtShard checked(DecodedNode n, int depth) throws UnixfsFormatException {
        UnixfsData fs = n.fs();
        if (fs.hashType() == null || fs.hashType() != UnixfsData.MURMUR3_X64_64) {
            throw new UnixfsFormatException("HAMT shard " + n.cid() + " uses hash type " + fs.hashType()
                    + "; only murmur3-x64-64 (0x22) is supported");
        }
        Long f = fs.fanout();
        if (f == null || Long.bitCount(f) != 1 || f < MIN_FANOUT || f > MAX_FANOUT) {
            throw new UnixfsFormatException("HAMT shard " + n.cid() + " has invalid fanout " + f
                    + " (a power of two from " + MIN_FANOUT + " to " + MAX_FANOUT + " is required)");
        }
        HamtShard s = new HamtShard(n, f.intValue(), depth);
        if ((depth + 1) * s.bits > Long.SIZE) {
            // A name's 64-bit hash picks one slot per level; below the last whole slot nothing can be placed.
            throw new UnixfsFormatException("HAMT shard " + n.cid() + " is at depth " + depth
                    + ", deeper than a 64-bit hash reaches with fanout " + s.fanout);
        }
        if (n.pb().links().size() > s.fanout) {
            throw new UnixfsFormatException("HAMT shard " + n.cid() + " has " + n.pb().links().size()
                    + " links, more than its " + s.fanout + " slots");
        }
        return s;
    }

    Cid cid() {
        return node.cid();
    }

    List<PbLink> links() {
        return node.pb().links();
    }

    int depth() {
        return depth;
    }

    /** The slot {@code hash} falls into at {@code level} (0 = root) of this HAMT. */
    int slotAt(byte[] hash, int level) {
        return HamtIndex.slot(hash, level, bits);
    }

    /** The link name prefix of {@code slot}: upper-case hex, {@code pad} digits. */
    String prefix(int slot) {
        return String.format(Locale.ROOT, "%0" + pad + "X", slot);
    }

    /** Whether the link leads to a subshard (its name is the bare prefix) rather than an entry. */
    boolean isSubshard(PbLink l) {
        return l.nameOrEmpty().length() == pad;
    }

    /** The entry name a link carries after its prefix. */
    String entryName(PbLink l) {
        return l.nameOrEmpty().substring(pad);
    }

    /** The slot a link's prefix names, after checking the prefix is one this shard can have. */
    int slotOf(PbLink l) throws UnixfsFormatException {
        String name = l.nameOrEmpty();
        if (name.length() < pad) {
            throw new UnixfsFormatException("HAMT shard " + cid() + " has link '" + name
                    + "' shorter than its " + pad + "-digit slot prefix");
        }
        int slot = 0;
        for (int i = 0; i < pad; i++) {
            char c = name.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                throw new UnixfsFormatException("HAMT shard " + cid() + " has link '" + name
                        + "' whose prefix is not " + pad + " upper-case hex digits");
            }
            slot = slot * 16 + digit;
        }
        if (slot >= fanout) {
            throw new UnixfsFormatException("HAMT shard " + cid() + " has link '" + name + "' in slot " + slot
                    + ", past the last slot of fanout " + fanout);
        }
        return slot;
    }
}
