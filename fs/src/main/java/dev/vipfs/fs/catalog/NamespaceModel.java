package dev.vipfs.fs.catalog;

import dev.vipfs.fs.catalog.NamespaceCatalog.Item;
import dev.vipfs.fs.catalog.NamespaceCatalog.Version;
import dev.vipfs.fs.catalog.NamespaceException.Kind;
import dev.vipfs.ipfs.cid.Cid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The namespace in memory: every item by path (parents sort before children), the root's own
 * times and attributes, the sequence number of the last operation applied, and what left the
 * catalogue in this process's lifetime. Changed only by the changes {@link JournalOperations}
 * prepares; read and written to disk by {@link CatalogSnapshot}.
 *
 * <p>Locking: not thread-safe; every access holds the {@link NamespaceCatalog} monitor, except
 * {@link #generation}, which is volatile so derived values can be checked without it.
 */
final class NamespaceModel {
    final TreeMap<String, Item> items = new TreeMap<>();
    /** When an entry was last added to or removed from the root; EPOCH if never (then the mount's start shows). */
    Instant rootMtime = Instant.EPOCH;
    EntryAttributes rootAttrs = EntryAttributes.NONE;
    /** The last operation applied (from the snapshot or the journal). */
    long seq;
    private volatile long generation;
    private final Map<Cid, String> dropped = new HashMap<>();

    /** Bumped on every change, so derived values (directory CIDs) know when to recompute. */
    long generation() {
        return generation;
    }

    /** Records that operation opSeq has been applied. */
    void applied(long opSeq) {
        seq = opSeq;
        generation++;
    }

    Optional<Item> get(String path) {
        if (path.isEmpty()) {
            return Optional.of(new Item("", true, rootMtime, List.of(), rootAttrs));
        }
        return Optional.ofNullable(items.get(path));
    }

    /** The entries directly inside directory dir ("" for the root), sorted by name. */
    List<Item> list(String dir) throws NamespaceException {
        requireDirectory(dir);
        List<Item> out = new ArrayList<>();
        NavigableMap<String, Item> range = dir.isEmpty() ? items : items.subMap(dir + "/", false, dir + "0", false);
        int depth = dir.isEmpty() ? 0 : dir.length() + 1;
        for (Map.Entry<String, Item> e : range.entrySet()) {
            if (e.getKey().indexOf('/', depth) < 0) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    /** Every item, parents before children. */
    List<Item> all() {
        return new ArrayList<>(items.values());
    }

    /** A directory whose entries changed gets the operation's time as its mtime (and so its ctime). */
    void touch(String dir, Instant time) {
        if (dir.isEmpty()) {
            rootMtime = time;
            rootAttrs = rootAttrs.withCtime(null);
            return;
        }
        Item d = items.get(dir);
        if (d != null && d.directory()) {
            items.put(dir, new Item(dir, true, time, d.versions(), d.attrs().withCtime(null)));
        }
    }

    /**
     * The name appeared at named, before its first commit: the directory changed then, unless its
     * attributes were set after that (rsync and tar set a directory's times after filling it).
     */
    void touchUnlessSetSince(String dir, Instant named) {
        Item d = get(dir).orElse(null);
        if (d != null && d.directory() && named.isAfter(d.ctime())) {
            touch(dir, named);
        }
    }

    /** The number of directories directly inside directory dir (a directory's link count is 2 plus this). */
    int subdirectories(String dir) throws NamespaceException {
        int n = 0;
        for (Item i : list(dir)) {
            if (i.directory()) {
                n++;
            }
        }
        return n;
    }

    void drop(String path, List<Version> versions) {
        for (Version v : versions) {
            dropped.put(v.cid(), path);
        }
    }

    /**
     * Versions that left the catalogue in this process's lifetime (deleted, or the older history of
     * a file renamed over another), with the path they last had. Their blocks stay readable by CID,
     * so the mount keeps governing them by that path.
     */
    Map<Cid, String> dropped() {
        return Map.copyOf(dropped);
    }

    void applyRename(Item src, Item dst, String from, String to, Instant time) {
        if (!src.attrs().plain() || (dst != null && !dst.attrs().plain())) {
            // A symlink or node has no history to continue, and a file moved over one starts its own.
            items.remove(from);
            if (dst != null) {
                drop(to, dst.versions());
            }
            items.put(to, new Item(to, false, src.mtime(), src.versions(), src.attrs().withCtime(time)));
            return;
        }
        if (!src.directory()) {
            items.remove(from);
            List<Version> versions = new ArrayList<>();
            if (dst != null) {
                versions.addAll(dst.versions());
            }
            int next = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).number() + 1;
            if (dst == null) {
                versions.addAll(src.versions());
            } else {
                Version v = src.current().orElseThrow();
                versions.add(new Version(next, time, v.size(), v.cid(), v.dagSize(), v.keys()));
                drop(from, src.versions().subList(0, src.versions().size() - 1));
            }
            // rename(2) keeps the moved file's times and mode; only its ctime changes.
            items.put(to, new Item(to, false, src.mtime(), versions, src.attrs().withCtime(time)));
            return;
        }
        items.remove(to);
        List<Item> moved = new ArrayList<>(items.subMap(from + "/", false, from + "0", false).values());
        moved.add(0, src);
        for (Item m : moved) {
            items.remove(m.path());
        }
        for (Item m : moved) {
            String p = to + m.path().substring(from.length());
            items.put(p, new Item(p, m.directory(), m.mtime(), m.versions(), m == src ? m.attrs().withCtime(time) : m.attrs()));
        }
    }

    Item require(String path) throws NamespaceException {
        Item item = path.isEmpty() ? null : items.get(path);
        if (item == null) {
            throw new NamespaceException(Kind.NOT_FOUND, path.isEmpty() ? "the namespace root cannot be changed"
                    : "no such file or directory: '" + path + "'");
        }
        return item;
    }

    void requireDirectory(String path) throws NamespaceException {
        if (path.isEmpty()) {
            return;
        }
        Item item = items.get(path);
        if (item == null) {
            throw new NamespaceException(Kind.NOT_FOUND, "no such directory: '" + path + "'");
        }
        if (!item.directory()) {
            throw new NamespaceException(Kind.NOT_DIRECTORY, "'" + path + "' is not a directory");
        }
    }
}
