package dev.vipfs.fs.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vipfs.fs.catalog.NamespaceException.Kind;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The writable namespace's names, each with its version history, kept crash-safe as a journal of
 * operations (one fsynced JSON line each) plus a periodic atomic snapshot. See docs/catalog.md.
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
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int snapshotEvery;
    private final boolean readOnly;
    private final TreeMap<String, Item> items = new TreeMap<>();
    private FileChannel journal;
    private FileChannel lockFile;
    private long seq;
    private long sinceSnapshot;
    private volatile long generation;
    private final dev.vipfs.fs.attrs.AttributeObjectNames attributeObjects;
    private final Map<Cid, String> dropped = new java.util.HashMap<>();
    /** When an entry was last added to or removed from the root; EPOCH if never (then the mount's start shows). */
    private Instant rootMtime = Instant.EPOCH;
    private EntryAttributes rootAttrs = EntryAttributes.NONE;
    /** Linux's PATH_MAX: the longest symlink target readlink can return. */
    static final int MAX_TARGET = 4095;

    private NamespaceCatalog(Path dir, int snapshotEvery, boolean readOnly) {
        this.dir = dir;
        this.snapshotEvery = snapshotEvery;
        this.readOnly = readOnly;
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
        return generation;
    }

    /** The sealed attributes objects linked into the shared tree (kept beside the journal: see AttributeObjectNames). */
    public dev.vipfs.fs.attrs.AttributeObjectNames attributeObjects() {
        return attributeObjects;
    }

    public synchronized Optional<Item> get(String path) {
        if (path.isEmpty()) {
            return Optional.of(new Item("", true, rootMtime, List.of(), rootAttrs));
        }
        return Optional.ofNullable(items.get(path));
    }

    /** The entries directly inside directory dir ("" for the root), sorted by name. */
    public synchronized List<Item> list(String dir) throws NamespaceException {
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
    public synchronized List<Item> all() {
        return new ArrayList<>(items.values());
    }

    // ---- mutations -------------------------------------------------------------------------

    public synchronized void mkdir(String path) throws IOException, NamespaceException {
        mkdir(path, -1);
    }

    /** A directory with permission bits mode (negative: the default, 0755). */
    public synchronized void mkdir(String path, int mode) throws IOException, NamespaceException {
        ObjectNode op = op("mkdir");
        op.put("path", path);
        pendingAttributes(op, mode, null, null);
        commit(op);
    }

    /** mknod of a FIFO, socket or device node (kind one of {@link EntryAttributes#SPECIAL_KINDS}). */
    public synchronized void mknod(String path, String kind, int mode, long rdev) throws IOException, NamespaceException {
        ObjectNode op = op("mknod");
        op.put("path", path);
        op.put("special", kind);
        op.put("rdev", rdev);
        pendingAttributes(op, mode, null, null);
        commit(op);
    }

    /** A symlink to target; the target is stored as given and never resolved by vipfs. */
    public synchronized void symlink(String path, String target) throws IOException, NamespaceException {
        ObjectNode op = op("symlink");
        op.put("path", path);
        op.put("target", target);
        commit(op);
    }

    /**
     * chmod and utimensat: sets the permission bits (mode, if non-negative) and the times (each if
     * non-null) of an entry without a new version; its ctime becomes now.
     */
    public synchronized void attributes(String path, int mode, Instant mtime, Instant atime)
            throws IOException, NamespaceException {
        ObjectNode op = op("attr");
        op.put("path", path);
        pendingAttributes(op, mode, mtime, atime);
        commit(op);
    }

    private static void pendingAttributes(ObjectNode op, int mode, Instant mtime, Instant atime) {
        if (mode >= 0) {
            op.put("mode", mode & EntryAttributes.PERMISSIONS);
        }
        if (mtime != null) {
            op.put("mtime", mtime.toString());
        }
        if (atime != null) {
            op.put("atime", atime.toString());
        }
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
        ObjectNode op = op("put");
        pendingAttributes(op, mode, mtime, atime);
        if (named != null) {
            op.put("named", named.toString());
        }
        op.put("path", path);
        op.put("cid", cid.toString());
        op.put("dagSize", dagSize);
        op.put("size", size);
        ArrayNode k = op.putArray("keys");
        keys.forEach(k::add);
        commit(op);
        return items.get(path).current().orElseThrow();
    }

    /** Removes a file, or an empty directory. */
    public synchronized void remove(String path) throws IOException, NamespaceException {
        ObjectNode op = op("remove");
        op.put("path", path);
        commit(op);
    }

    /** Moves a file or a directory tree; a file renamed over a file continues the target's history. */
    public synchronized void rename(String from, String to) throws IOException, NamespaceException {
        ObjectNode op = op("rename");
        op.put("from", from);
        op.put("to", to);
        commit(op);
    }

    /** Writes a snapshot now and empties the journal. */
    public synchronized void snapshot() throws IOException {
        if (journal == null || !journal.isOpen()) {
            throw new IOException("the namespace catalogue in " + dir + (readOnly ? " is open read-only" : " is closed"));
        }
        writeSnapshot();
        journal.truncate(0);
        journal.force(true);
        sinceSnapshot = 0;
    }

    @Override
    public synchronized void close() throws IOException {
        if (journal != null && journal.isOpen()) {
            try {
                if (sinceSnapshot > 0) {
                    snapshot();
                }
            } finally {
                journal.close();
                if (lockFile != null) {
                    lockFile.close();
                }
            }
        }
    }

    /** Releases files as a crash would: no snapshot, journal left as it is (for recovery tests). */
    synchronized void abandon() throws IOException {
        if (journal != null) {
            journal.close();
        }
        if (lockFile != null) {
            lockFile.close();
        }
    }

    private ObjectNode op(String name) {
        ObjectNode op = JSON.createObjectNode();
        op.put("seq", seq + 1);
        op.put("op", name);
        op.put("time", Instant.now().toString());
        return op;
    }

    private void commit(ObjectNode op) throws IOException, NamespaceException {
        if (journal == null || !journal.isOpen()) {
            throw new IOException("the namespace catalogue in " + dir + (readOnly ? " is open read-only" : " is closed"));
        }
        Runnable change = prepare(op);
        byte[] line = (JSON.writeValueAsString(op) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
            journal.write(buf);
        }
        journal.force(false);
        change.run();
        if (++sinceSnapshot >= snapshotEvery) {
            snapshot();
        }
    }

    /** Validates op against the current tree and returns the change, so nothing is applied before it is journalled. */
    private Runnable prepare(JsonNode op) throws NamespaceException {
        long opSeq = op.path("seq").asLong();
        Instant time = Instant.parse(op.path("time").asText());
        Runnable change = switch (op.path("op").asText()) {
            case "mkdir" -> prepareMkdir(text(op, "path"), time, op);
            case "put" -> preparePut(text(op, "path"), time, op);
            case "remove" -> prepareRemove(text(op, "path"), time);
            case "rename" -> prepareRename(text(op, "from"), text(op, "to"), time);
            case "symlink" -> prepareSymlink(text(op, "path"), op.path("target").asText(), time);
            case "mknod" -> prepareNode(text(op, "path"), time, op);
            case "attr" -> prepareAttributes(text(op, "path"), time, op);
            default -> throw new NamespaceException(Kind.INVALID_NAME, "unknown journal operation " + op.path("op"));
        };
        return () -> {
            change.run();
            seq = opSeq;
            generation++;
        };
    }

    private static String text(JsonNode op, String field) throws NamespaceException {
        JsonNode v = op.get(field);
        if (v == null || !v.isTextual()) {
            throw new NamespaceException(Kind.INVALID_NAME, "journal operation lacks '" + field + "'");
        }
        return NamespacePaths.check(v.asText());
    }

    private Runnable prepareMkdir(String path, Instant time, JsonNode op) throws NamespaceException {
        if (path.isEmpty() || items.containsKey(path)) {
            throw new NamespaceException(Kind.EXISTS, "'" + path + "' already exists");
        }
        requireDirectory(NamespacePaths.parent(path));
        EntryAttributes attrs = EntryAttributes.NONE.withMode(op.path("mode").asInt(-1));
        return () -> {
            items.put(path, new Item(path, true, time, List.of(), attrs));
            touch(NamespacePaths.parent(path), time);
        };
    }

    /** A directory whose entries changed gets the operation's time as its mtime (and so its ctime). */
    private void touch(String dir, Instant time) {
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
    private void touchUnlessSetSince(String dir, Instant named) {
        Item d = get(dir).orElse(null);
        if (d != null && d.directory() && named.isAfter(d.ctime())) {
            touch(dir, named);
        }
    }

    /** The number of directories directly inside directory dir (a directory's link count is 2 plus this). */
    public synchronized int subdirectories(String dir) throws NamespaceException {
        int n = 0;
        for (Item i : list(dir)) {
            if (i.directory()) {
                n++;
            }
        }
        return n;
    }

    private Runnable preparePut(String path, Instant time, JsonNode op) throws NamespaceException {
        if (path.isEmpty()) {
            throw new NamespaceException(Kind.IS_DIRECTORY, "the namespace root is a directory");
        }
        requireDirectory(NamespacePaths.parent(path));
        Item old = items.get(path);
        if (old != null && old.directory()) {
            throw new NamespaceException(Kind.IS_DIRECTORY, "'" + path + "' is a directory");
        }
        Cid cid;
        try {
            cid = Cid.parse(op.path("cid").asText());
        } catch (RuntimeException e) {
            throw new NamespaceException(Kind.INVALID_NAME, "journal 'put' has a bad CID: " + e.getMessage());
        }
        List<String> keys = new ArrayList<>();
        op.path("keys").forEach(k -> keys.add(k.asText()));
        List<Version> versions = new ArrayList<>(old == null || !old.attrs().plain() ? List.of() : old.versions());
        int number = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).number() + 1;
        versions.add(new Version(number, time, op.path("size").asLong(), cid, op.path("dagSize").asLong(), keys));
        EntryAttributes kept = old == null || !old.attrs().plain() ? EntryAttributes.NONE : old.attrs();
        EntryAttributes attrs = kept.withMode(op.path("mode").asInt(kept.mode())).withAtime(EntryAttributes.time(op, "atime"))
                .withCtime(time);
        Instant mtime = op.hasNonNull("mtime") ? EntryAttributes.time(op, "mtime") : time;
        Instant named = op.hasNonNull("named") ? EntryAttributes.time(op, "named") : time;
        return () -> {
            items.put(path, new Item(path, false, mtime, versions, attrs));
            if (old == null) {
                touchUnlessSetSince(NamespacePaths.parent(path), named);
            }
        };
    }

    private Runnable prepareSymlink(String path, String target, Instant time) throws NamespaceException {
        if (path.isEmpty() || items.containsKey(path)) {
            throw new NamespaceException(Kind.EXISTS, "'" + path + "' already exists");
        }
        if (target.isEmpty() || target.indexOf('\0') >= 0 || target.getBytes(StandardCharsets.UTF_8).length > MAX_TARGET) {
            throw new NamespaceException(target.isEmpty() || target.indexOf('\0') >= 0 ? Kind.INVALID_NAME : Kind.NAME_TOO_LONG,
                    "a symlink target must be 1 to " + MAX_TARGET + " bytes without NUL");
        }
        requireDirectory(NamespacePaths.parent(path));
        EntryAttributes attrs = new EntryAttributes(-1, null, null, target);
        return () -> {
            items.put(path, new Item(path, false, time, List.of(), attrs));
            touch(NamespacePaths.parent(path), time);
        };
    }

    private Runnable prepareNode(String path, Instant time, JsonNode op) throws NamespaceException {
        if (path.isEmpty() || items.containsKey(path)) {
            throw new NamespaceException(Kind.EXISTS, "'" + path + "' already exists");
        }
        String kind = op.path("special").asText();
        if (!EntryAttributes.SPECIAL_KINDS.contains(kind)) {
            throw new NamespaceException(Kind.INVALID_NAME, "mknod of an unknown kind '" + kind + "'");
        }
        requireDirectory(NamespacePaths.parent(path));
        EntryAttributes attrs = EntryAttributes.read(op);
        return () -> {
            items.put(path, new Item(path, false, time, List.of(), attrs));
            touch(NamespacePaths.parent(path), time);
        };
    }

    private Runnable prepareAttributes(String path, Instant time, JsonNode op) throws NamespaceException {
        Item item = path.isEmpty() ? get("").orElseThrow() : require(path);
        EntryAttributes attrs = item.attrs().withMode(op.path("mode").asInt(item.attrs().mode()))
                .withAtime(op.hasNonNull("atime") ? EntryAttributes.time(op, "atime") : item.attrs().atime())
                .withCtime(time);
        Instant mtime = op.hasNonNull("mtime") ? EntryAttributes.time(op, "mtime") : item.mtime();
        return () -> {
            if (path.isEmpty()) {
                rootMtime = mtime;
                rootAttrs = attrs;
            } else {
                items.put(path, new Item(path, item.directory(), mtime, item.versions(), attrs));
            }
        };
    }

    private Runnable prepareRemove(String path, Instant time) throws NamespaceException {
        Item item = require(path);
        if (item.directory() && !list(path).isEmpty()) {
            throw new NamespaceException(Kind.NOT_EMPTY, "directory '" + path + "' is not empty");
        }
        return () -> {
            items.remove(path);
            drop(path, item.versions());
            touch(NamespacePaths.parent(path), time);
        };
    }

    private void drop(String path, List<Version> versions) {
        for (Version v : versions) {
            dropped.put(v.cid(), path);
        }
    }

    /**
     * Versions that left the catalogue in this process's lifetime (deleted, or the older history of
     * a file renamed over another), with the path they last had. Their blocks stay readable by CID,
     * so the mount keeps governing them by that path.
     */
    public synchronized Map<Cid, String> dropped() {
        return Map.copyOf(dropped);
    }

    private Runnable prepareRename(String from, String to, Instant time) throws NamespaceException {
        Item src = require(from);
        if (to.isEmpty()) {
            throw new NamespaceException(Kind.EXISTS, "cannot replace the namespace root");
        }
        if (from.equals(to)) {
            return () -> { };
        }
        if (NamespacePaths.within(to, from)) {
            throw new NamespaceException(Kind.INVALID_MOVE, "cannot move '" + from + "' into itself ('" + to + "')");
        }
        requireDirectory(NamespacePaths.parent(to));
        Item dst = items.get(to);
        if (dst != null) {
            if (src.directory() && !dst.directory()) {
                throw new NamespaceException(Kind.NOT_DIRECTORY, "'" + to + "' is not a directory");
            }
            if (!src.directory() && dst.directory()) {
                throw new NamespaceException(Kind.IS_DIRECTORY, "'" + to + "' is a directory");
            }
            if (dst.directory() && !list(to).isEmpty()) {
                throw new NamespaceException(Kind.NOT_EMPTY, "directory '" + to + "' is not empty");
            }
        }
        return () -> {
            applyRename(src, dst, from, to, time);
            touch(NamespacePaths.parent(from), time);
            touch(NamespacePaths.parent(to), time);
        };
    }

    private void applyRename(Item src, Item dst, String from, String to, Instant time) {
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

    private Item require(String path) throws NamespaceException {
        Item item = path.isEmpty() ? null : items.get(path);
        if (item == null) {
            throw new NamespaceException(Kind.NOT_FOUND, path.isEmpty() ? "the namespace root cannot be changed"
                    : "no such file or directory: '" + path + "'");
        }
        return item;
    }

    private void requireDirectory(String path) throws NamespaceException {
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

    // ---- persistence -----------------------------------------------------------------------

    private void load() throws IOException {
        Path snap = dir.resolve(SNAPSHOT);
        if (Files.exists(snap)) {
            StateFiles.requireRegularOrAbsent(snap);
            readSnapshot(snap);
        }
        Path jp = dir.resolve(JOURNAL);
        if (!readOnly) {
            lock();
            Files.deleteIfExists(dir.resolve(SNAPSHOT + ".tmp"));
            journal = StateFiles.open(jp, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        StateFiles.requireRegularOrAbsent(jp);
        byte[] all = Files.exists(jp) ? Files.readAllBytes(jp) : new byte[0];
        int start = 0;
        long good = 0;
        while (start < all.length) {
            int nl = indexOf(all, (byte) '\n', start);
            if (nl < 0) {
                // A line without its newline was torn by a crash mid-append; the operation never happened.
                break;
            }
            String line = new String(all, start, nl - start, StandardCharsets.UTF_8);
            start = nl + 1;
            if (!line.isBlank()) {
                replay(line, start >= all.length);
            }
            good = start;
        }
        if (readOnly) {
            return;
        }
        if (good < all.length) {
            journal.truncate(good);
            journal.force(true);
        }
        journal.position(good);
    }

    /** One writer per catalogue: a second mount of the same home would clean the first one's spool. */
    private void lock() throws IOException {
        lockFile = StateFiles.open(dir.resolve("namespace.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        java.nio.channels.FileLock l;
        try {
            l = lockFile.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockFile.close();
            throw new IOException("the namespace catalogue in " + dir + " is in use by another vipfs mount of this home;"
                    + " unmount it first");
        }
    }

    private void replay(String line, boolean last) throws IOException {
        JsonNode op;
        try {
            op = JSON.readTree(line);
        } catch (IOException e) {
            if (last) {
                return;
            }
            throw new CatalogCorruptException("namespace journal " + dir.resolve(JOURNAL)
                    + " has an unreadable line before its end; restore it from a backup", e);
        }
        if (op.path("seq").asLong() <= seq) {
            // Already contained in the snapshot written just before a crash could truncate the journal.
            return;
        }
        try {
            prepare(op).run();
        } catch (NamespaceException | RuntimeException e) {
            throw new CatalogCorruptException("namespace journal " + dir.resolve(JOURNAL) + " operation "
                    + op.path("seq") + " does not apply (" + e.getMessage() + "); restore it from a backup", e);
        }
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void readSnapshot(Path snap) throws IOException {
        try {
            JsonNode root = JSON.readTree(snap.toFile());
            if (root.path("format").asInt() != FORMAT) {
                throw new CatalogCorruptException("namespace snapshot " + snap + " has unknown format "
                        + root.path("format") + "; this vipfs reads format " + FORMAT, null);
            }
            seq = root.path("seq").asLong();
            if (root.hasNonNull("rootMtime")) {
                rootMtime = Instant.parse(root.path("rootMtime").asText());
            }
            if (root.hasNonNull("rootAttributes")) {
                rootAttrs = EntryAttributes.read(root.path("rootAttributes"));
            }
            for (JsonNode n : root.path("items")) {
                String path = NamespacePaths.check(n.path("path").asText());
                Instant mtime = Instant.parse(n.path("mtime").asText());
                List<Version> versions = new ArrayList<>();
                for (JsonNode v : n.path("versions")) {
                    List<String> keys = new ArrayList<>();
                    v.path("keys").forEach(k -> keys.add(k.asText()));
                    versions.add(new Version(v.path("version").asInt(), Instant.parse(v.path("time").asText()),
                            v.path("size").asLong(), Cid.parse(v.path("cid").asText()), v.path("dagSize").asLong(), keys));
                }
                items.put(path, new Item(path, n.path("dir").asBoolean(), mtime, versions, EntryAttributes.read(n)));
            }
        } catch (CatalogCorruptException e) {
            throw e;
        } catch (Exception e) {
            throw new CatalogCorruptException("namespace snapshot " + snap + " is unreadable (" + e.getMessage()
                    + "); restore it from a backup", e);
        }
    }

    private void writeSnapshot() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("seq", seq);
        if (!rootMtime.equals(Instant.EPOCH)) {
            root.put("rootMtime", rootMtime.toString());
        }
        if (!rootAttrs.equals(EntryAttributes.NONE)) {
            rootAttrs.write(root.putObject("rootAttributes"));
        }
        ArrayNode arr = root.putArray("items");
        for (Item item : items.values()) {
            ObjectNode n = arr.addObject();
            n.put("path", item.path());
            n.put("dir", item.directory());
            n.put("mtime", item.mtime().toString());
            item.attrs().write(n);
            if (!item.directory()) {
                ArrayNode vs = n.putArray("versions");
                for (Version v : item.versions()) {
                    ObjectNode o = vs.addObject();
                    o.put("version", v.number());
                    o.put("time", v.time().toString());
                    o.put("size", v.size());
                    o.put("cid", v.cid().toString());
                    o.put("dagSize", v.dagSize());
                    ArrayNode k = o.putArray("keys");
                    v.keys().forEach(k::add);
                }
            }
        }
        Path tmp = dir.resolve(SNAPSHOT + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the catalogue directory " + dir + " does not support atomic rename", e);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // Some filesystems refuse fsync on a directory; the rename is still atomic there.
        }
    }
}
