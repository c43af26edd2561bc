package dev.vipfs.ipfs.unixfs.importer;

import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.dagpb.PbNode;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import dev.vipfs.ipfs.unixfs.directory.HamtIndex;
import dev.vipfs.ipfs.unixfs.directory.Murmur3;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a UnixFS HAMT shard tree the way boxo's hamt package ends up after inserting all
 * entries: a slot holds a value when exactly one entry has that hash prefix, else a child shard.
 */
final class HamtBuilder {
    private final NodeWriter writer;
    private final int fanout;
    private final int bitsPerLevel;
    private final int padLength;
    private Integer rootMode;
    private java.time.Instant rootMtime;

    HamtBuilder(NodeWriter writer, int fanout) {
        if (Integer.bitCount(fanout) != 1 || fanout < 8 || fanout > 1024) {
            throw new IllegalArgumentException("HAMT fanout must be a power of two between 8 and 1024, got " + fanout);
        }
        this.writer = writer;
        this.fanout = fanout;
        this.bitsPerLevel = Integer.numberOfTrailingZeros(fanout);
        this.padLength = Integer.toHexString(fanout - 1).length();
    }

    /** Builds the shard tree; {@code mode}/{@code mtime} (nullable) go on the root shard only, as in boxo. */
    ImportedNode build(List<Map.Entry<byte[], ImportedNode>> entries, Integer mode, java.time.Instant mtime)
            throws IOException {
        this.rootMode = mode;
        this.rootMtime = mtime;
        List<Item> items = new ArrayList<>(entries.size());
        for (Map.Entry<byte[], ImportedNode> e : entries) {
            items.add(new Item(new String(e.getKey(), StandardCharsets.UTF_8), Murmur3.hash64(e.getKey()), e.getValue()));
        }
        return shard(items, 0);
    }

    private record Item(String name, byte[] hash, ImportedNode node) {
    }

    private ImportedNode shard(List<Item> items, int level) throws IOException {
        if ((level + 1) * bitsPerLevel > 64) {
            throw new IOException("HAMT hash exhausted: names collide on all 64 bits of murmur3 ("
                    + items.get(0).name() + ")");
        }
        TreeMap<Integer, List<Item>> slots = new TreeMap<>();
        for (Item it : items) {
            slots.computeIfAbsent(HamtIndex.slot(it.hash(), level, bitsPerLevel), k -> new ArrayList<>()).add(it);
        }
        BigInteger bitfield = BigInteger.ZERO;
        List<PbLink> links = new ArrayList<>(slots.size());
        long childTsize = 0;
        for (Map.Entry<Integer, List<Item>> slot : slots.entrySet()) {
            int index = slot.getKey();
            bitfield = bitfield.setBit(index);
            String prefix = String.format(Locale.ROOT, "%0" + padLength + "X", index);
            List<Item> group = slot.getValue();
            if (group.size() == 1) {
                Item it = group.get(0);
                links.add(PbLink.of(it.node().cid(), prefix + it.name(), it.node().dagSize()));
                childTsize += it.node().dagSize();
            } else {
                ImportedNode child = shard(group, level + 1);
                links.add(PbLink.of(child.cid(), prefix, child.dagSize()));
                childTsize += child.dagSize();
            }
        }
        byte[] bits = bitfield.toByteArray();
        if (bits.length > 1 && bits[0] == 0) {
            bits = java.util.Arrays.copyOfRange(bits, 1, bits.length); // drop BigInteger's sign byte
        }
        UnixfsData data = new UnixfsData(UnixfsData.HAMT_SHARD, bits, null, null, UnixfsData.MURMUR3_X64_64,
                (long) fanout, level == 0 ? rootMode : null, level == 0 ? rootMtime : null);
        return writer.putNode(new PbNode(links, data.encode()), childTsize, 0);
    }
}
