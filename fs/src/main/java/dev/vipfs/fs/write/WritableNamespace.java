package dev.vipfs.fs.write;

import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.fs.catalog.NamespaceException;
import dev.vipfs.fs.catalog.NamespaceException.Kind;
import dev.vipfs.fs.catalog.NamespacePaths;
import dev.vipfs.fs.content.EncryptedImport;
import dev.vipfs.fs.content.EncryptedImporter;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.ImportedNode;
import dev.vipfs.ipfs.unixfs.UnixfsImporter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The writable tree behind MOUNT/data: committed names come from the {@link NamespaceCatalog},
 * files being written live in the spool until flush/fsync/close encrypts and catalogues them.
 * Thread-safe; encryption runs outside the namespace lock.
 */
public final class WritableNamespace implements AutoCloseable {
    /**
     * What getattr shows for a namespace path; subdirectories counts a directory's direct
     * subdirectories (its link count is 2 plus that), 0 for files.
     */
    public record Stat(boolean directory, long size, Instant mtime, int subdirectories, int mode, Instant atime,
                       Instant ctime, String target, String special, long rdev) {
        public boolean symlink() {
            return target != null;
        }
    }

    /** A handle's view of an open spool; opaque outside this package. */
    public static final class Open {
        private final Spool spool;

        private Open(Spool spool) {
            this.spool = spool;
        }

        /** The file's current namespace path (renames follow it), or null once it was deleted. */
        public String path() {
            return spool.path();
        }

        Spool spool() {
            return spool;
        }
    }

    private static final int COPY_CHUNK = 1 << 20;

    /**
     * The largest file MOUNT/data holds: 1 TiB. Every byte of a file being written sits in the spool
     * on the local disk, so larger files are refused (EFBIG) instead of failing halfway (docs/catalog.md).
     */
    public static final long MAX_FILE_SIZE = 1L << 40;

    private final NamespaceCatalog catalog;
    private final SpoolDirectory spoolDir;
    private final UnixfsImporter importer;
    private final EncryptedImporter encryptor;
    private final Supplier<List<RecipientKey>> recipients;
    private final DirectoryCids dirs;
    /** Imports that follow files while they are written; a permit per thread, so none ever queues. */
    private static final int IMPORT_THREADS = 2;
    private final ExecutorService importers = Executors.newFixedThreadPool(IMPORT_THREADS, r -> {
        Thread t = new Thread(r, "vipfs-import");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore importPermits = new Semaphore(IMPORT_THREADS);
    /** Commits that took a streaming import's result (for tests and debugging). */
    private final AtomicLong streamedCommits = new AtomicLong();
    private final Map<String, Spool> spools = new HashMap<>();
    private final Instant started = Instant.now();
    /**
     * Directories whose entries changed without a catalogue operation (a file created, renamed or
     * unlinked while still only in the spool), with when; their mtime is the later of this and the catalogue's.
     */
    private final Map<String, Instant> touched = new HashMap<>();

    private WritableNamespace(NamespaceCatalog catalog, SpoolDirectory spoolDir, UnixfsImporter importer,
                              Supplier<List<RecipientKey>> recipients) {
        this.catalog = catalog;
        this.spoolDir = spoolDir;
        this.importer = importer;
        this.encryptor = new EncryptedImporter(importer);
        this.recipients = recipients;
        this.dirs = new DirectoryCids(catalog, importer, recipients);
    }

    /**
     * Opens the namespace catalogue in catalogDir and the spool in spoolDir, discarding spool files a
     * crashed process left behind (their writes were never committed, so the catalogue does not name them).
     */
    public static WritableNamespace open(Path catalogDir, Path spoolDir, UnixfsImporter importer,
                                         Supplier<List<RecipientKey>> recipients) throws IOException {
        NamespaceCatalog catalog = NamespaceCatalog.open(catalogDir);
        return new WritableNamespace(catalog, SpoolDirectory.openAndClean(spoolDir), importer, recipients);
    }

    /** How many commits took the import that ran while the file was written. */
    long streamedCommits() {
        return streamedCommits.get();
    }

    public NamespaceCatalog catalog() {
        return catalog;
    }

    public SpoolDirectory spoolDirectory() {
        return spoolDir;
    }

    // ---- reading the tree ------------------------------------------------------------------

    public synchronized Optional<Stat> stat(String path) throws IOException, NamespaceException {
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
        long size = target != null ? target.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
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

    /** The target of the symlink at path, if path is one. */
    public Optional<String> readlink(String path) throws NamespaceException {
        NamespacePaths.check(path);
        return catalog.get(path).map(i -> i.attrs().target());
    }

    /** symlink(2): a link at path to target, stored as given (vipfs never follows it). */
    public synchronized void symlink(String path, String target) throws IOException, NamespaceException {
        NamespacePaths.check(path);
        if (spools.containsKey(path)) {
            throw new NamespaceException(Kind.EXISTS, "'" + path + "' already exists");
        }
        catalog.symlink(path, target);
    }

    /** mknod(2) of a FIFO, socket or device node: a name with a kind and nothing to read. */
    public synchronized void mknod(String path, String kind, int mode, long rdev) throws IOException, NamespaceException {
        NamespacePaths.check(path);
        if (spools.containsKey(path)) {
            throw new NamespaceException(Kind.EXISTS, "'" + path + "' already exists");
        }
        catalog.mknod(path, kind, mode, rdev);
    }

    /**
     * chmod (mode non-negative) and utimensat (a time non-null): a file being written keeps them for
     * its next commit; a committed entry records them in the catalogue at once.
     */
    public synchronized void setAttributes(String path, int mode, Instant mtime, Instant atime)
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

    /** {@code path} and every path below it, committed or still being written, each with whether it is a directory. */
    public synchronized Map<String, Boolean> subtree(String path) throws NamespaceException {
        NamespacePaths.check(path);
        Map<String, Boolean> out = new java.util.TreeMap<>();
        for (NamespaceCatalog.Item i : catalog.all()) {
            if (NamespacePaths.within(i.path(), path)) {
                out.put(i.path(), i.directory());
            }
        }
        for (String p : spools.keySet()) {
            if (NamespacePaths.within(p, path)) {
                out.put(p, false);
            }
        }
        return out;
    }

    /** Names in directory dir, committed and still being written. */
    public synchronized List<String> list(String dir) throws NamespaceException {
        NamespacePaths.check(dir);
        TreeSet<String> names = new TreeSet<>();
        for (NamespaceCatalog.Item i : catalog.list(dir)) {
            names.add(NamespacePaths.name(i.path()));
        }
        for (String p : spools.keySet()) {
            if (NamespacePaths.parent(p).equals(dir)) {
                names.add(NamespacePaths.name(p));
            }
        }
        return new ArrayList<>(names);
    }

    /** The CID of a committed file's current version or of a directory ("" = namespace root). */
    public Cid cid(String path) throws IOException, NamespaceException {
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

    /**
     * The namespace root's CID as a process other than the mount sees it (the CLI, from a read-only
     * catalogue); its directory nodes are written to {@code importer}'s store.
     */
    public static Cid rootCid(NamespaceCatalog catalog, UnixfsImporter importer) throws IOException {
        return new DirectoryCids(catalog, importer, List::of).of("").cid();
    }

    /** The committed current version of a file, if any, for reading. */
    public Optional<NamespaceCatalog.Version> committed(String path) {
        return catalog.get(path).flatMap(NamespaceCatalog.Item::current);
    }

    /** The spool of a file being written, for reads that must see unflushed data. */
    public synchronized Optional<Open> writing(String path) {
        Spool s = spools.get(path);
        if (s == null) {
            return Optional.empty();
        }
        s.opened();
        return Optional.of(new Open(s));
    }

    // ---- changing the tree -----------------------------------------------------------------

    public synchronized void mkdir(String path) throws IOException, NamespaceException {
        mkdir(path, -1);
    }

    /** A directory with permission bits mode (negative: 0755). */
    public synchronized void mkdir(String path, int mode) throws IOException, NamespaceException {
        NamespacePaths.check(path);
        if (spools.containsKey(path)) {
            throw new NamespaceException(Kind.EXISTS, "'" + path + "' already exists");
        }
        catalog.mkdir(path, mode);
    }

    /** unlink (directory=false) or rmdir (directory=true). */
    public synchronized void remove(String path, boolean directory) throws IOException, NamespaceException {
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
            s.path(null);
            spools.remove(path);
            if (item.isEmpty()) {
                touch(NamespacePaths.parent(path));
            }
        }
        if (isDir) {
            touched.remove(path);
        }
    }

    public synchronized void rename(String from, String to) throws IOException, NamespaceException {
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
        Spool replaced = spools.remove(to);
        if (replaced != null) {
            replaced.path(null);
        }
        Map<String, Spool> moved = new HashMap<>();
        spools.entrySet().removeIf(e -> {
            if (NamespacePaths.within(e.getKey(), from)) {
                moved.put(to + e.getKey().substring(from.length()), e.getValue());
                return true;
            }
            return false;
        });
        Instant now = Instant.now();
        moved.forEach((p, s) -> {
            s.attributes.named(now);
            s.path(p);
            spools.put(p, s);
        });
    }

    /**
     * Opens path for writing, sharing the spool of any handle already writing it. A new spool starts
     * empty when truncating or creating, else from the committed plaintext (needs a private key).
     */
    public Open openWrite(String path, boolean truncate, PlaintextSource source) throws IOException, NamespaceException {
        NamespacePaths.check(path);
        if (path.isEmpty()) {
            throw new NamespaceException(Kind.IS_DIRECTORY, "the namespace root is a directory");
        }
        Optional<NamespaceCatalog.Version> base;
        synchronized (this) {
            Spool s = spools.get(path);
            if (s != null) {
                s.opened();
                if (truncate) {
                    s.truncate(0);
                    s.markPending();
                }
                return new Open(s);
            }
            Optional<NamespaceCatalog.Item> item = catalog.get(path);
            if (item.isPresent() && item.get().directory()) {
                throw new NamespaceException(Kind.IS_DIRECTORY, "'" + path + "' is a directory");
            }
            if (catalog.get(NamespacePaths.parent(path)).filter(NamespaceCatalog.Item::directory).isEmpty()) {
                throw new NamespaceException(Kind.NOT_FOUND, "no such directory: '" + NamespacePaths.parent(path) + "'");
            }
            base = truncate ? Optional.empty() : item.flatMap(NamespaceCatalog.Item::current);
            if (base.isPresent() && base.get().size() == 0) {
                // Nothing to decrypt: a write-only node can append to an empty file too.
                Spool empty = spoolDir.create();
                empty.path(path);
                empty.opened();
                spools.put(path, empty);
                return new Open(empty);
            }
            if (base.isEmpty()) {
                if (item.isEmpty()) {
                    touch(NamespacePaths.parent(path));
                }
                Spool fresh = spoolDir.create();
                fresh.path(path);
                if (item.isEmpty()) {
                    fresh.attributes.named(Instant.now());
                }
                fresh.opened();
                fresh.markPending();
                spools.put(path, fresh);
                return new Open(fresh);
            }
        }
        // Decrypting the old content happens outside the lock; a racing opener's spool wins.
        Spool filled = spoolDir.create();
        try {
            copy(source.open(base.get().cid()), base.get().size(), filled);
        } catch (IOException | RuntimeException e) {
            filled.close();
            throw e;
        }
        synchronized (this) {
            Spool raced = spools.get(path);
            if (raced != null) {
                filled.close();
                raced.opened();
                return new Open(raced);
            }
            filled.path(path);
            filled.opened();
            filled.clean();
            spools.put(path, filled);
            return new Open(filled);
        }
    }

    /** Records that directory dir gained or lost an entry now (caller holds the lock). */
    private void touch(String dir) {
        touched.put(dir, Instant.now());
    }

    private static void copy(PlaintextSource.Reader in, long size, Spool out) throws IOException {
        byte[] buf = new byte[COPY_CHUNK];
        long off = 0;
        while (off < size) {
            int n = in.read(off, buf, (int) Math.min(buf.length, size - off));
            if (n <= 0) {
                throw new IOException("committed content ended at " + off + " of " + size + " bytes");
            }
            out.write(off, ByteBuffer.wrap(buf, 0, n));
            off += n;
        }
    }

    public int write(Open h, long offset, byte[] data, int len) throws IOException {
        return write(h, offset, ByteBuffer.wrap(data, 0, len));
    }

    /** Writes the buffer's remaining bytes; a direct buffer reaches the spool without a heap copy. */
    public int write(Open h, long offset, ByteBuffer data) throws IOException {
        requireSize(offset + data.remaining());
        h.spool.attributes.written();
        if (offset == 0) {
            startStreaming(h.spool);
        }
        return h.spool.write(offset, data);
    }

    /**
     * The first write of a new or truncated file starts its import on an importer thread, fed by the
     * appends instead of the spool file; without a free thread the file is spooled and imported at
     * commit. A queued import could wait behind another file's writer for ever, hence no queue.
     */
    private void startStreaming(Spool spool) throws IOException {
        if (!importPermits.tryAcquire()) {
            return;
        }
        RecordingStore written = new RecordingStore(importer.store());
        StreamingImport st;
        try {
            st = spool.stream(written);
        } catch (IOException | RuntimeException e) {
            importPermits.release();
            throw e;
        }
        if (st == null) {
            importPermits.release();
            return;
        }
        List<RecipientKey> to = recipients.get();
        EncryptedImporter streaming = new EncryptedImporter(importer.onto(written));
        try {
            st.started(importers.submit(() -> {
                try (InputStream in = st.pipe()) {
                    return streaming.importSealed(in, to);
                } catch (IOException | RuntimeException e) {
                    // Abandoned (the file was dropped or cut to nothing) or failed: these blocks
                    // would only be garbage.
                    written.discardAll();
                    st.failed(e);
                    throw e;
                } finally {
                    importPermits.release();
                }
            }), to);
        } catch (RejectedExecutionException e) {
            importPermits.release(); // closing
            st.failed(e);
        }
    }

    public int read(Open h, long offset, byte[] dst, int len) throws IOException {
        return h.spool.read(offset, dst, len);
    }

    public void truncate(Open h, long size) throws IOException {
        requireSize(size);
        h.spool.attributes.written();
        h.spool.truncate(size);
    }

    /** Throws {@link FileTooLargeException} if a file may not reach size bytes. */
    public static void requireSize(long size) throws FileTooLargeException {
        if (size > MAX_FILE_SIZE || size < 0) {
            throw new FileTooLargeException(size + " bytes is more than the largest file MOUNT/data holds ("
                    + MAX_FILE_SIZE + " bytes)");
        }
    }

    public long size(Open h) throws IOException {
        return h.spool.size();
    }

    /**
     * Encrypts the spool's current content into the store and records it as the file's next version;
     * returns the version, or empty when nothing changed since the last commit or the file was unlinked.
     * durable (fsync, last release) also commits a created or truncated file nothing was written to;
     * flush, called on every close of every descriptor, commits only written data.
     */
    public Optional<NamespaceCatalog.Version> commit(Open h, boolean durable) throws IOException, NamespaceException {
        Spool s = h.spool;
        synchronized (s.commitLock()) {
            if (!s.dirty() && !(durable && s.pending())) {
                return Optional.empty();
            }
            s.clean();
            List<RecipientKey> to;
            ImportedNode node;
            long size;
            StreamingImport streamed = null;
            try {
                streamed = s.streamed();
                if (streamed != null && streamed.kept()) {
                    // A write racing the last commit marked the file dirty after that commit took
                    // its bytes (a later one would have ended the stream and gone to the spool):
                    // recording the same import again would only add a duplicate version.
                    return Optional.empty();
                }
                if (streamed != null) {
                    EncryptedImport done = streamed.finish();
                    streamedCommits.incrementAndGet();
                    node = done.file();
                    to = streamed.recipients();
                    size = streamed.size();
                } else {
                    long spooled = s.size();
                    to = recipients.get();
                    try (BoundedStream in = new BoundedStream(s.stream(), spooled)) {
                        node = encryptor.importStream(in, to);
                        // What was encrypted: a truncate racing this commit may have cut the file short.
                        size = in.consumed();
                    }
                }
                // The catalogue must never name a CID whose blocks a crash or a Kubo GC could take
                // away; if this fails the spool stays dirty and the next flush/fsync/close retries.
                importer.sync();
                importer.pin(node.cid());
            } catch (IOException | RuntimeException e) {
                s.markDirty();
                throw e;
            }
            List<String> keys = new ArrayList<>();
            for (RecipientKey k : to) {
                keys.add(k.keyId() + ":" + k.version());
            }
            synchronized (this) {
                String path = s.path();
                if (path == null) {
                    return Optional.empty();
                }
                try {
                    PendingAttributes a = s.attributes;
                    Optional<NamespaceCatalog.Version> v = Optional.of(catalog.put(path, node.cid(), node.dagSize(), size, keys,
                            a.mode(), a.mtime(), a.atime(), a.named()));
                    if (streamed != null) {
                        streamed.keep();
                    }
                    return v;
                } catch (IOException | NamespaceException e) {
                    s.markDirty();
                    throw e;
                }
            }
        }
    }

    /** Drops a handle's hold on its spool, committing first; the last release deletes the spool file. */
    public Optional<NamespaceCatalog.Version> release(Open h) throws IOException, NamespaceException {
        Optional<NamespaceCatalog.Version> v;
        try {
            v = commit(h, true);
        } finally {
            synchronized (this) {
                if (h.spool.released() <= 0) {
                    if (h.spool.path() != null && spools.get(h.spool.path()) == h.spool) {
                        spools.remove(h.spool.path());
                    }
                    h.spool.close();
                }
            }
        }
        return v;
    }

    /** Releases a read-only hold taken by {@link #writing(String)}, without committing. */
    public void releaseRead(Open h) throws IOException {
        synchronized (this) {
            if (h.spool.released() <= 0) {
                if (h.spool.path() != null && spools.get(h.spool.path()) == h.spool) {
                    spools.remove(h.spool.path());
                }
                h.spool.close();
            }
        }
    }

    @Override
    public void close() throws IOException {
        importers.shutdownNow();
        catalog.close();
    }

    /** Caps a stream at the size measured when the commit began, so late writes go to the next commit. */
    private static final class BoundedStream extends BulkInputStream {
        private final InputStream in;
        private long left;
        private long consumed;

        BoundedStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
                consumed += n;
            }
            return n;
        }

        long consumed() {
            return consumed;
        }
    }
}
