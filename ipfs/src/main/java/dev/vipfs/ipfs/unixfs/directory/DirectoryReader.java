package dev.vipfs.ipfs.unixfs.directory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.unixfs.codec.DecodedNode;
import dev.vipfs.ipfs.unixfs.codec.NodeLoader;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import dev.vipfs.ipfs.unixfs.codec.UnixfsFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Lists and looks up UnixFS directories, basic or HAMT-sharded, from blocks that anyone may have
 * written: every listing stays within its {@link DirectoryLimits}, and a HAMT is walked only along
 * shapes a HAMT can have ({@link HamtDirectory}).
 */
public final class DirectoryReader {
    /** Entries of HAMT listings kept, about 100 bytes each beside the decoded shards the loader keeps. */
    private static final int LISTED_ENTRIES = 32_768;
    private final NodeLoader loader;
    private final DirectoryLimits limits;
    private final HamtDirectory hamt;
    /**
     * A HAMT's entries once walked and checked: a CID's blocks never change, so the walk (every
     * entry's name decoded, hashed and checked against its slot) need not run for every listing
     * ({@code ls -l} lists again after the kernel's entries expire). Only successes are kept.
     */
    private final Cache<Cid, List<DirEntry>> listed = Caffeine.newBuilder()
            .maximumWeight(LISTED_ENTRIES).weigher((Cid c, List<DirEntry> l) -> l.size() + 1).build();

    /** Directories whose blocks come from {@code loader}, each listing bounded by {@code limits}. */
    public DirectoryReader(NodeLoader loader, DirectoryLimits limits) {
        this.loader = loader;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.hamt = new HamtDirectory(loader);
    }

    /**
     * The entries of a basic or HAMT directory (HAMT entries in shard order), failing with
     * {@link DirectoryTooLargeException} past the {@link DirectoryLimits} and with
     * {@link UnixfsFormatException} on a HAMT whose shape no HAMT can have.
     */
    public List<DirEntry> list(Cid dir) throws IOException {
        DecodedNode n = loader.load(dir);
        requireDirectory(n);
        ListingBudget budget = new ListingBudget(limits, dir);
        List<DirEntry> out = new ArrayList<>();
        if (n.fs().type() == UnixfsData.DIRECTORY) {
            for (PbLink l : n.pb().links()) {
                String name = l.nameOrEmpty();
                budget.entry(name.getBytes(StandardCharsets.UTF_8).length);
                out.add(new DirEntry(name, l.hash(), l.tsizeOrZero()));
            }
            return out;
        }
        List<DirEntry> known = listed.getIfPresent(dir);
        if (known != null) {
            return known;
        }
        hamt.list(n, budget, out);
        List<DirEntry> entries = List.copyOf(out);
        listed.put(dir, entries);
        return entries;
    }

    /** Looks up one name; for HAMT directories only the shards on the name's hash path are fetched. */
    public Optional<Cid> lookup(Cid dir, String name) throws IOException {
        DecodedNode n = loader.load(dir);
        requireDirectory(n);
        if (n.fs().type() == UnixfsData.HAMT_SHARD) {
            return hamt.lookup(n, name);
        }
        for (PbLink l : n.pb().links()) {
            if (name.equals(l.name())) {
                return Optional.of(l.hash());
            }
        }
        return Optional.empty();
    }

    private static void requireDirectory(DecodedNode n) throws NotADirectoryException {
        if (n.isRaw() || (n.fs().type() != UnixfsData.DIRECTORY && n.fs().type() != UnixfsData.HAMT_SHARD)) {
            throw new NotADirectoryException(n.cid() + " is a " + n.typeName() + ", not a directory");
        }
    }
}
