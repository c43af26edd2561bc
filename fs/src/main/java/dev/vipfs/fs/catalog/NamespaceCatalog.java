package dev.vipfs.fs.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The writable namespace's names, each with its version history, kept crash-safe as a journal of
 * operations (one fsynced JSON line each) plus a periodic atomic snapshot. See docs/catalog.md.
 * This class is the public face and the order of a change: {@link JournalEntries} writes the
 * operation's journal line, {@link JournalOperations} checks it against the
 * {@link NamespaceModel}, {@link CatalogJournal} appends and fsyncs it, and
 * only then does the change reach the model; every snapshotEvery operations
 * {@link CatalogSnapshot} writes the model and the journal is emptied.
 *
 * <p>Locking: this object's monitor guards the model, the journal and the snapshot; every public
 * method but {@link #generation} and {@link #attributeObjects} holds it.
 */
public final class NamespaceCatalog implements AutoCloseable {
    /** One committed content of a file: what `vipfs catalog versions` lists. */
    public record Version(int number, Instant time, long size, Cid cid, long dagSize, List<String> keys) {
        public Version {
            keys = List.copyOf(keys);
        }
    }

    /**
     * A name in the namespace: a directory, a file with at least one version (the last is current),
     * or a symlink (no versions, attrs.target() set).
     */
    public record Item(String path, boolean directory, Instant mtime, List<Version> versions, EntryAttributes attrs) {
        public Item {
            versions = List.copyOf(versions);
            attrs = attrs == null ? EntryAttributes.NONE : attrs;
        }

        public Item(String path, boolean directory, Instant mtime, List<Version> versions) {
            this(path, directory, mtime, versions, EntryAttributes.NONE);
        }

        public boolean symlink() {
            return attrs.symlink();
        }

        /** When the entry itself last changed (content, attributes or name). */
        public Instant ctime() {
            return attrs.ctime() == null ? mtime : attrs.ctime();
        }

        public Instant atime() {
            return attrs.atime() == null ? mtime : attrs.atime();
        }

        public Optional<Version> current() {
            return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
        }
    }

    static final String JOURNAL = "namespace.jsonl";
    static final String SNAPSHOT = "namespace.snapshot.json";
    /** Linux's PATH_MAX: the longest symlink target readlink can return. */
    static final int MAX_TARGET = 4095;

    private final Path dir;
    private final int snapshotEvery;
    private final boolean readOnly;
    private final NamespaceModel model = new NamespaceModel();
    private final JournalOperations operations = new JournalOperations(model);
    private final JournalEntries entries = new JournalEntries(model);
    private final CatalogJournal journal;
    private long sinceSnapshot;
    private final dev.vipfs.fs.attrs.AttributeObjectNames attributeObjects;

    private NamespaceCatalog(Path dir, int snapshotEvery, boolean readOnly) {
        this.dir = dir;
        this.snapshotEvery = snapshotEvery;
        this.readOnly = readOnly;
        this.journal = new CatalogJournal(dir, readOnly);
        this.attributeObjects = new dev.vipfs.fs.attrs.AttributeObjectNames(dir, readOnly);
    }

    /** Opens (creating if absent) the namespace under a catalogue directory, replaying its journal. */
    public static NamespaceCatalog open(Path catalogDir) throws IOException {
        return open(catalogDir, 1000);
    }

    /** As {@link #open(Path)}, snapshotting after every snapshotEvery operations. */
    public static NamespaceCatalog open(Path catalogDir, int snapshotEvery) throws IOException {
        Files.createDirectories(catalogDir);
        NamespaceCatalog c = new NamespaceCatalog(catalogDir, Math.max(1, snapshotEvery), false);
        c.load();
        return c;
    }

    /**
     * Reads the namespace without changing any file, for the CLI while a mount may be writing:
     * a torn last line is skipped but left in place, and every mutation is refused.
     */
    public static NamespaceCatalog openReadOnly(Path catalogDir) throws IOException {
        NamespaceCatalog c = new NamespaceCatalog(catalogDir, Integer.MAX_VALUE, true);
        if (Files.isDirectory(catalogDir)) {
            c.load();
        }
        return c;
    }

    // ---- queries ---------------------------------------------------------------------------

    /** Bumped on every change, so derived values (directory CIDs) know when to recompute. */
    public long generation() {
        return model.generation();
    }

    /** The sealed attributes objects linked into the shared tree (kept beside the journal: see AttributeObjectNames). */
    public dev.vipfs.fs.attrs.AttributeObjectNames attributeObjects() {
        return attributeObjects;
    }

    public synchronized Optional<Item> get(String path) {
        return model.get(path);
    }

    /** The entries directly inside directory dir ("" for the root), sorted by name. */
    public synchronized List<Item> list(String dir) throws NamespaceException {
        return model.list(dir);
    }

    /** Every item, parents before children. */
    public synchronized List<Item> all() {
        return model.all();
    }

    /** The number of directories directly inside directory dir (a directory's link count is 2 plus this). */
    public synchronized int subdirectories(String dir) throws NamespaceException {
        return model.subdirectories(dir);
    }

    /**
     * Versions that left the catalogue in this process's lifetime (deleted, or the older history of
     * a file renamed over another), with the path they last had. Their blocks stay readable by CID,
     * so the mount keeps governing them by that path.
     */
    public synchronized Map<Cid, String> dropped() {
        return model.dropped();
    }

    // ---- mutations -------------------------------------------------------------------------

    public synchronized void mkdir(String path) throws IOException, NamespaceException {
        mkdir(path, -1);
    }

    /** A directory with permission bits mode (negative: the default, 0755). */
    public synchronized void mkdir(String path, int mode) throws IOException, NamespaceException {
        commit(entries.mkdir(path, mode));
    }

    /** mknod of a FIFO, socket or device node (kind one of {@link EntryAttributes#SPECIAL_KINDS}). */
    public synchronized void mknod(String path, String kind, int mode, long rdev) throws IOException, NamespaceException {
        commit(entries.mknod(path, kind, mode, rdev));
    }

    /** A symlink to target; the target is stored as given and never resolved by vipfs. */
    public synchronized void symlink(String path, String target) throws IOException, NamespaceException {
        commit(entries.symlink(path, target));
    }

    /**
     * chmod and utimensat: sets the permission bits (mode, if non-negative) and the times (each if
     * non-null) of an entry without a new version; its ctime becomes now.
     */
    public synchronized void attributes(String path, int mode, Instant mtime, Instant atime)
            throws IOException, NamespaceException {
        commit(entries.attributes(path, mode, mtime, atime));
    }

    /** Records new content for a file (creating it if absent) and returns the new version. */
    public synchronized Version put(String path, Cid cid, long dagSize, long size, List<String> keys)
            throws IOException, NamespaceException {
        return put(path, cid, dagSize, size, keys, -1, null, null, null);
    }

    /**
     * As above, also setting the file's permission bits (mode, if non-negative; else a new file gets
     * 0644 and an existing one keeps its own) and times (the commit's time where null). named: when
     * a new file's name appeared in its directory before this commit (null: now).
     */
    public synchronized Version put(String path, Cid cid, long dagSize, long size, List<String> keys,
                                    int mode, Instant mtime, Instant atime, Instant named)
            throws IOException, NamespaceException {
        commit(entries.put(path, cid, dagSize, size, keys, mode, mtime, atime, named));
        return model.items.get(path).current().orElseThrow();
    }

    /** Removes a file, or an empty directory. */
    public synchronized void remove(String path) throws IOException, NamespaceException {
        commit(entries.remove(path));
    }

    /** Moves a file or a directory tree; a file renamed over a file continues the target's history. */
    public synchronized void rename(String from, String to) throws IOException, NamespaceException {
        commit(entries.rename(from, to));
    }

    /** Writes a snapshot now and empties the journal. */
    public synchronized void snapshot() throws IOException {
        if (!journal.writable()) {
            throw new IOException("the namespace catalogue in " + dir + (readOnly ? " is open read-only" : " is closed"));
        }
        CatalogSnapshot.write(dir, model);
        journal.empty();
        sinceSnapshot = 0;
    }

    @Override
    public synchronized void close() throws IOException {
        if (journal.writable()) {
            try {
                if (sinceSnapshot > 0) {
                    snapshot();
                }
            } finally {
                journal.close();
            }
        }
    }

    /** Releases files as a crash would: no snapshot, journal left as it is (for recovery tests). */
    synchronized void abandon() throws IOException {
        journal.close();
    }

    /** Journals op (fsynced) and only then applies it; a rejected op changes nothing. */
    private void commit(ObjectNode op) throws IOException, NamespaceException {
        if (!journal.writable()) {
            throw new IOException("the namespace catalogue in " + dir + (readOnly ? " is open read-only" : " is closed"));
        }
        Runnable change = operations.prepare(op);
        journal.append(JournalEntries.line(op));
        change.run();
        if (++sinceSnapshot >= snapshotEvery) {
            snapshot();
        }
    }

    // ---- persistence -----------------------------------------------------------------------

    private void load() throws IOException {
        Path snap = dir.resolve(SNAPSHOT);
        if (Files.exists(snap)) {
            StateFiles.requireRegularOrAbsent(snap);
            CatalogSnapshot.read(snap, model);
        }
        if (!readOnly) {
            journal.openForWriting();
        }
        journal.replay((line, last) -> operations.replay(line, last, dir.resolve(JOURNAL)));
    }
}
