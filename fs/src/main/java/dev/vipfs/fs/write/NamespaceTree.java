package dev.vipfs.fs.write;

import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.fs.catalog.NamespaceException;
import dev.vipfs.fs.catalog.NamespaceException.Kind;
import dev.vipfs.fs.catalog.NamespacePaths;
import dev.vipfs.fs.write.WritableNamespace.Stat;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The names of MOUNT/data as a process sees them: the catalogue's committed entries overlaid with
 * the files still being written ({@link OpenSpools}), and directory mtimes moved by changes that
 * happened only in the spool.
 *
 * <p>Locking: this object's monitor is the namespace lock. It guards the open-spool table (map,
 * spool paths, open counts), {@link #touched}, and every catalogue change made together with them,
 * so a name is never both being created in the spool and in the catalogue. Reads of the catalogue
 * alone ({@link #readlink}, {@link #cid}, {@link #committed}) need no lock: the catalogue is
 * thread-safe on its own.
 */
final class NamespaceTree {
    private final NamespaceCatalog catalog;
    private final DirectoryCids dirs;
    private final OpenSpools spools;
    private final Instant started = Instant.now();
    /**
     * Directories whose entries changed without a catalogue operation (a file created, renamed or
     * unlinked while still only in the spool), with when; their mtime is the later of this and the catalogue's.
     */
    private final Map<String, Instant> touched = new HashMap<>();

    NamespaceTree(NamespaceCatalog catalog, SpoolDirectory spoolDir, DirectoryCids dirs) {
        this.catalog = catalog;
        this.dirs = dirs;
        this.spools = new OpenSpools(this, catalog, spoolDir);
    }

    OpenSpools spools() {
        return spools;
    }

    // ---- reading the tree ------------------------------------------------------------------

    synchronized Optional<Stat> stat(String path) throws IOException, NamespaceException {
        NamespacePaths.check(path);
        Spool s = spools.get(path);
        Optional<NamespaceCatalog.Item> item = catalog.get(path);
        if (s != null) {
            return Optional.of(spooled(s, item));
        }
        if (item.isEmpty()) {
            return Optional.empty();
        }
        NamespaceCatalog.Item i = item.get();
        int mode = i.attrs().modeOr(i.directory());
        if (i.directory()) {
            Instant mtime = path.isEmpty() && i.mtime().equals(Instant.EPOCH) ? started : i.mtime();
            Instant t = touched.get(path);
            if (t != null && t.isAfter(mtime)) {
                mtime = t;
            }
            Instant ctime = i.ctime().isAfter(mtime) ? i.ctime() : mtime;
            return Optional.of(new Stat(true, 4096, mtime, catalog.subdirectories(path), mode, i.atime(), ctime, null, null, 0));
        }
        String target = i.attrs().target();
        long size = target != null ? target.getBytes(StandardCharsets.UTF_8).length
                : i.current().map(NamespaceCatalog.Version::size).orElse(0L);
        return Optional.of(new Stat(false, size, i.mtime(), 0, mode, i.atime(), i.ctime(), target, i.attrs().special(),
                i.attrs().rdev()));
    }

    /** A file being written: its pending mode and times over the committed ones; unset times are now. */
    private static Stat spooled(Spool s, Optional<NamespaceCatalog.Item> item) throws IOException {
        PendingAttributes p = s.attributes;
        Instant now = Instant.now();
        boolean unchanged = !s.dirty() && !s.pending() && item.isPresent();
        Instant mtime = p.mtime() != null ? p.mtime() : unchanged ? item.get().mtime() : now;
        Instant atime = p.atime() != null ? p.atime() : unchanged ? item.get().atime() : mtime;
        Instant ctime = unchanged ? item.get().ctime() : now;
        int mode = p.mode() >= 0 ? p.mode() : item.map(i -> i.attrs().modeOr(false)).orElse(0644);
        return new Stat(false, s.size(), mtime, 0, mode, atime, ctime, null, null, 0);
    }

    Optional<String> readlink(String path) throws NamespaceException {
        NamespacePaths.check(path);
        return catalog.get(path).map(i -> i.attrs().target());
    }

    synchronized Map<String, Boolean> subtree(String path) throws NamespaceException {
        NamespacePaths.check(path);
        Map<String, Boolean> out = new TreeMap<>();
        for (NamespaceCatalog.Item i : catalog.all()) {
            if (NamespacePaths.within(i.path(), path)) {
                out.put(i.path(), i.directory());
            }
        }
        for (String p : spools.paths()) {
            if (NamespacePaths.within(p, path)) {
                out.put(p, false);
            }
        }
        return out;
    }

    synchronized List<String> list(String dir) throws NamespaceException {
        NamespacePaths.check(dir);
        TreeSet<String> names = new TreeSet<>();
        for (NamespaceCatalog.Item i : catalog.list(dir)) {
            names.add(NamespacePaths.name(i.path()));
        }
        for (String p : spools.paths()) {
            if (NamespacePaths.parent(p).equals(dir)) {
                names.add(NamespacePaths.name(p));
            }
        }
        return new ArrayList<>(names);
    }

    Cid cid(String path) throws IOException, NamespaceException {
        NamespacePaths.check(path);
        NamespaceCatalog.Item item = catalog.get(path).orElseThrow(() ->
                new NamespaceException(Kind.NOT_FOUND, "'" + path + "' is not committed yet (close or fsync it first)"));
        if (item.symlink()) {
            return dirs.symlink(item.attrs().target()).cid();
        }
        if (item.attrs().special() != null) {
            throw new NamespaceException(Kind.NOT_FOUND, "'" + path + "' is a " + item.attrs().special() + ", which has no CID");
        }
        if (!item.directory()) {
            return item.current().orElseThrow().cid();
        }
        ImportedNode node = dirs.of(path);
        if (node == null) {
            throw new NamespaceException(Kind.NOT_FOUND, "directory '" + path + "' changed while being hashed; retry");
        }
        return node.cid();
    }

    Optional<NamespaceCatalog.Version> committed(String path) {
        return catalog.get(path).flatMap(NamespaceCatalog.Item::current);
    }

    // ---- changing the tree -----------------------------------------------------------------

    synchronized void symlink(String path, String target) throws IOException, NamespaceException {
        NamespacePaths.check(path);
        requireNotWriting(path);
        catalog.symlink(path, target);
    }

    synchronized void mknod(String path, String kind, int mode, long rdev) throws IOException, NamespaceException {
        NamespacePaths.check(path);
        requireNotWriting(path);
        catalog.mknod(path, kind, mode, rdev);
    }

    synchronized void mkdir(String path, int mode) throws IOException, NamespaceException {
        NamespacePaths.check(path);
        requireNotWriting(path);
        catalog.mkdir(path, mode);
    }

    private void requireNotWriting(String path) throws NamespaceException {
        if (spools.contains(path)) {
            throw new NamespaceException(Kind.EXISTS, "'" + path + "' already exists");
        }
    }

    synchronized void setAttributes(String path, int mode, Instant mtime, Instant atime)
            throws IOException, NamespaceException {
        NamespacePaths.check(path);
        Spool s = spools.get(path);
        boolean committed = catalog.get(path).isPresent();
        if (s == null && !committed) {
            throw new NamespaceException(Kind.NOT_FOUND, "no such file or directory: '" + path + "'");
        }
        if (s != null) {
            s.attributes.set(mode, mtime, atime);
        }
        if (committed) {
            catalog.attributes(path, mode, mtime, atime);
        }
        if (mtime != null) {
            touched.remove(path);
        }
    }

    synchronized void remove(String path, boolean directory) throws IOException, NamespaceException {
        NamespacePaths.check(path);
        Optional<NamespaceCatalog.Item> item = catalog.get(path);
        Spool s = spools.get(path);
        if (item.isEmpty() && s == null) {
            throw new NamespaceException(Kind.NOT_FOUND, "no such file or directory: '" + path + "'");
        }
        boolean isDir = item.isPresent() && item.get().directory();
        if (directory && !isDir) {
            throw new NamespaceException(Kind.NOT_DIRECTORY, "'" + path + "' is not a directory");
        }
        if (!directory && isDir) {
            throw new NamespaceException(Kind.IS_DIRECTORY, "'" + path + "' is a directory");
        }
        if (isDir && !list(path).isEmpty()) {
            throw new NamespaceException(Kind.NOT_EMPTY, "directory '" + path + "' is not empty");
        }
        if (item.isPresent()) {
            catalog.remove(path);
        }
        if (s != null) {
            // Open handles keep writing into the detached spool; its content is discarded on release.
            spools.detach(path);
            if (item.isEmpty()) {
                touch(NamespacePaths.parent(path));
            }
        }
        if (isDir) {
            touched.remove(path);
        }
    }

    synchronized void rename(String from, String to) throws IOException, NamespaceException {
        NamespacePaths.check(from);
        NamespacePaths.check(to);
        boolean committed = catalog.get(from).isPresent() && !from.isEmpty();
        Spool moving = spools.get(from);
        if (!committed && moving == null) {
            throw new NamespaceException(Kind.NOT_FOUND, "no such file or directory: '" + from + "'");
        }
        if (from.equals(to)) {
            return;
        }
        if (committed) {
            catalog.rename(from, to);
        } else {
            Optional<NamespaceCatalog.Item> dst = catalog.get(to);
            if (dst.isPresent() && dst.get().directory()) {
                throw new NamespaceException(Kind.IS_DIRECTORY, "'" + to + "' is a directory");
            }
            if (catalog.get(NamespacePaths.parent(to)).filter(NamespaceCatalog.Item::directory).isEmpty()) {
                throw new NamespaceException(Kind.NOT_FOUND, "no such directory: '" + NamespacePaths.parent(to) + "'");
            }
            touch(NamespacePaths.parent(from));
            touch(NamespacePaths.parent(to));
        }
        spools.move(from, to);
    }

    /** Records that directory dir gained or lost an entry now (caller holds the namespace lock). */
    void touch(String dir) {
        touched.put(dir, Instant.now());
    }
}
