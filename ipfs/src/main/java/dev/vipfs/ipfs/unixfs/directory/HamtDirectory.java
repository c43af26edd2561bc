package dev.vipfs.ipfs.unixfs.directory;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.unixfs.codec.DecodedNode;
import dev.vipfs.ipfs.unixfs.codec.NodeLoader;
import dev.vipfs.ipfs.unixfs.codec.UnixfsFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lists and looks up HAMT-sharded directories, refusing any shape a HAMT cannot have. A HAMT is a
 * tree in which each name's hash decides its one place, so a walk never meets a shard twice, a
 * slot twice in one shard, or an entry off its hash path; crafted blocks that break these rules
 * (one subshard linked from every slot, say) would otherwise multiply a few kilobytes into
 * millions of entries.
 */
final class HamtDirectory {
    private final NodeLoader loader;

    HamtDirectory(NodeLoader loader) {
        this.loader = loader;
    }

    /** Every entry below {@code root}, in shard order, within {@code budget}. */
    void list(DecodedNode root, ListingBudget budget, List<DirEntry> out) throws IOException {
        HamtShard shard = HamtShard.root(root);
        new Walk(budget, out, root.cid()).shard(shard, new int[Long.SIZE]);
    }

    /** One listing's state: the shards it has reached and what it has gathered. */
    private final class Walk {
        private final ListingBudget budget;
        private final List<DirEntry> out;
        private final Set<Cid> reached = new HashSet<>();

        Walk(ListingBudget budget, List<DirEntry> out, Cid root) {
            this.budget = budget;
            this.out = out;
            reached.add(root);
        }

        /** Lists {@code shard}; {@code path[0..depth)} holds the slots that led to it. */
        void shard(HamtShard shard, int[] path) throws IOException {
            BitSet used = new BitSet();
            int depth = shard.depth();
            for (PbLink l : shard.links()) {
                int slot = shard.slotOf(l);
                if (used.get(slot)) {
                    throw new UnixfsFormatException("HAMT shard " + shard.cid() + " has two links in slot "
                            + shard.prefix(slot) + "; a slot holds one entry or one subshard");
                }
                used.set(slot);
                path[depth] = slot;
                if (shard.isSubshard(l)) {
                    HamtShard child = enter(shard, l);
                    shard(child, path);
                } else {
                    entry(shard, l, path);
                }
            }
        }

        private HamtShard enter(HamtShard shard, PbLink l) throws IOException {
            if (!reached.add(l.hash())) {
                throw reachedTwice(shard, l);
            }
            budget.shard();
            return shard.child(loader.load(l.hash()));
        }

        private void entry(HamtShard shard, PbLink l, int[] path) throws UnixfsFormatException,
                DirectoryTooLargeException {
            String name = shard.entryName(l);
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            byte[] hash = Murmur3.hash64(utf8);
            for (int level = 0; level <= shard.depth(); level++) {
                int expected = shard.slotAt(hash, level);
                if (expected != path[level]) {
                    throw new UnixfsFormatException("HAMT shard " + shard.cid() + " holds '" + name
                            + "' under slot " + shard.prefix(path[level]) + " at depth " + level
                            + ", but the murmur3 hash of the name puts it in slot " + shard.prefix(expected));
                }
            }
            budget.entry(utf8.length);
            out.add(new DirEntry(name, l.hash(), l.tsizeOrZero()));
        }
    }

    /**
     * The target of {@code name}, fetching only the shards on its hash path. Each step goes one level
     * down and the depth is bounded by the hash, so a crafted HAMT cannot make this loop.
     */
    Optional<Cid> lookup(DecodedNode root, String name) throws IOException {
        byte[] hash = Murmur3.hash64(name.getBytes(StandardCharsets.UTF_8));
        HamtShard shard = HamtShard.root(root);
        Set<Cid> reached = new HashSet<>();
        reached.add(root.cid());
        while (true) {
            String prefix = shard.prefix(shard.slotAt(hash, shard.depth()));
            PbLink next = null;
            for (PbLink l : shard.links()) {
                String ln = l.nameOrEmpty();
                if (ln.length() == prefix.length() + name.length() && ln.startsWith(prefix) && ln.endsWith(name)) {
                    return Optional.of(l.hash());
                }
                if (next == null && ln.equals(prefix)) {
                    next = l;
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            if (!reached.add(next.hash())) {
                throw reachedTwice(shard, next);
            }
            shard = shard.child(loader.load(next.hash()));
        }
    }

    private static UnixfsFormatException reachedTwice(HamtShard shard, PbLink l) {
        return new UnixfsFormatException("HAMT shard " + shard.cid() + " links to shard " + l.hash()
                + " in slot '" + l.nameOrEmpty() + "', which this walk already reached;"
                + " a HAMT is a tree, so a shard reached twice means crafted or corrupt blocks");
    }
}
