package dev.vipfs.ipfs.unixfs.directory;

import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.dagpb.PbNode;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes hand-made HAMT shards into a store, the way an attacker would publish them: real blocks
 * under their real CIDs, so only their shape is wrong. Public for the fs module's mount tests.
 */
public final class CraftedHamt {
    private final BlockStore store;

    public CraftedHamt(BlockStore store) {
        this.store = store;
    }

    /** A murmur3 HAMT shard with these links, in this order. */
    public Cid shard(long fanout, List<PbLink> links) throws IOException {
        return shard(fanout, UnixfsData.MURMUR3_X64_64, links);
    }

    /** A HAMT shard with any hash type and fanout. */
    public Cid shard(long fanout, long hashType, List<PbLink> links) throws IOException {
        byte[] data = new UnixfsData(UnixfsData.HAMT_SHARD, new byte[] {1}, null, null, hashType, fanout, null,
                null).encode();
        return put(new PbNode(links, data));
    }

    /** A dag-pb block under its sha2-256 CIDv1. */
    public Cid put(PbNode node) throws IOException {
        byte[] b = DagPbCodec.encode(node);
        Cid c = Cid.v1(Multicodec.DAG_PB, Multihash.sha256(b));
        store.put(c, b);
        return c;
    }

    /** A raw single-block file. */
    public Cid file(String content) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        Cid c = Cid.v1(Multicodec.RAW, Multihash.sha256(b));
        store.put(c, b);
        return c;
    }

    /**
     * The fan-in attack of issue #14: {@code levels} shards of fanout 1024 in a chain, every slot of
     * each linking to the one below, the last holding 1024 entries in arbitrary slots: about 50 KB
     * of blocks a level, which a reader without shape checks lists as 1024^(levels+1) entries.
     */
    public Cid fanIn(int levels, Cid target) throws IOException {
        List<PbLink> entries = new ArrayList<>();
        for (int slot = 0; slot < 1024; slot++) {
            entries.add(PbLink.of(target, prefix(1024, slot) + "entry-" + slot, 1));
        }
        Cid below = shard(1024, entries);
        for (int level = 0; level < levels; level++) {
            below = shard(1024, everySlotTo(1024, below));
        }
        return below;
    }

    /** One subshard link per slot, all to {@code child}. */
    public static List<PbLink> everySlotTo(int fanout, Cid child) {
        List<PbLink> links = new ArrayList<>(fanout);
        for (int slot = 0; slot < fanout; slot++) {
            links.add(PbLink.of(child, prefix(fanout, slot), 1));
        }
        return links;
    }

    /** The link name prefix of {@code slot}, as Kubo writes it. */
    public static String prefix(int fanout, int slot) {
        return String.format(Locale.ROOT, "%0" + Integer.toHexString(fanout - 1).length() + "X", slot);
    }

    /** The slot {@code name} hashes to at {@code level} of a HAMT with this fanout. */
    public static int slot(String name, int fanout, int level) {
        return HamtIndex.slot(Murmur3.hash64(name.getBytes(StandardCharsets.UTF_8)), level,
                Integer.numberOfTrailingZeros(fanout));
    }

    /** {@code count} names "stem-N" whose hashes fall into {@code slots[0..]} at levels 0, 1, … */
    public static List<String> namesOnPath(String stem, int fanout, int count, int... slots) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; out.size() < count; i++) {
            String name = stem + "-" + i;
            boolean fits = true;
            for (int level = 0; level < slots.length && fits; level++) {
                fits = slot(name, fanout, level) == slots[level];
            }
            if (fits) {
                out.add(name);
            }
        }
        return out;
    }
}
