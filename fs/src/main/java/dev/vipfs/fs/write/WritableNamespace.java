package dev.vipfs.fs.write;

import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.fs.catalog.NamespaceException;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The writable tree behind MOUNT/data: committed names come from the {@link NamespaceCatalog},
 * files being written live in the spool until flush/fsync/close encrypts and catalogues them.
 * A facade over its rooms: {@link NamespaceTree} (names, stat, directory changes), {@link OpenSpools}
 * (one reference-counted spool per path being written), {@link StreamingImports} (imports that
 * follow a file while it is written) and {@link Committer} (spool to catalogued version).
 *
 * <p>Thread-safe. Two kinds of lock, always taken in this order: a spool's commit lock (one commit
 * per file at a time), then the namespace lock (the {@link NamespaceTree}'s monitor: the tree, the
 * open-spool table and catalogue changes made with them). Encryption and decryption run outside
 * the namespace lock.
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

    /**
     * The largest file MOUNT/data holds: 1 TiB. Every byte of a file being written sits in the spool
     * on the local disk, so larger files are refused (EFBIG) instead of failing halfway (docs/catalog.md).
     */
    public static final long MAX_FILE_SIZE = 1L << 40;

    private final NamespaceCatalog catalog;
    private final SpoolDirectory spoolDir;
    private final NamespaceTree tree;
    private final OpenSpools spools;
    private final StreamingImports streaming;
    private final Committer committer;

    private WritableNamespace(NamespaceCatalog catalog, SpoolDirectory spoolDir, UnixfsImporter importer,
                              Supplier<List<RecipientKey>> recipients) {
        this.catalog = catalog;
        this.spoolDir = spoolDir;
        this.tree = new NamespaceTree(catalog, spoolDir, new DirectoryCids(catalog, importer, recipients));
        this.spools = tree.spools();
        this.streaming = new StreamingImports(importer, recipients);
        this.committer = new Committer(tree, catalog, importer, recipients);
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
        return committer.streamedCommits();
    }

    public NamespaceCatalog catalog() {
        return catalog;
    }

    public SpoolDirectory spoolDirectory() {
        return spoolDir;
    }

    // ---- reading the tree ------------------------------------------------------------------

    public Optional<Stat> stat(String path) throws IOException, NamespaceException {
        return tree.stat(path);
    }

    /** The target of the symlink at path, if path is one. */
    public Optional<String> readlink(String path) throws NamespaceException {
        return tree.readlink(path);
    }

    /** {@code path} and every path below it, committed or still being written, each with whether it is a directory. */
    public Map<String, Boolean> subtree(String path) throws NamespaceException {
        return tree.subtree(path);
    }

    /** Names in directory dir, committed and still being written. */
    public List<String> list(String dir) throws NamespaceException {
        return tree.list(dir);
    }

    /** The CID of a committed file's current version or of a directory ("" = namespace root). */
    public Cid cid(String path) throws IOException, NamespaceException {
        return tree.cid(path);
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
        return tree.committed(path);
    }

    /** The spool of a file being written, for reads that must see unflushed data. */
    public Optional<Open> writing(String path) {
        return spools.writing(path).map(Open::new);
    }

    // ---- changing the tree -----------------------------------------------------------------

    /** symlink(2): a link at path to target, stored as given (vipfs never follows it). */
    public void symlink(String path, String target) throws IOException, NamespaceException {
        tree.symlink(path, target);
    }

    /** mknod(2) of a FIFO, socket or device node: a name with a kind and nothing to read. */
    public void mknod(String path, String kind, int mode, long rdev) throws IOException, NamespaceException {
        tree.mknod(path, kind, mode, rdev);
    }

    /**
     * chmod (mode non-negative) and utimensat (a time non-null): a file being written keeps them for
     * its next commit; a committed entry records them in the catalogue at once.
     */
    public void setAttributes(String path, int mode, Instant mtime, Instant atime) throws IOException, NamespaceException {
        tree.setAttributes(path, mode, mtime, atime);
    }

    public void mkdir(String path) throws IOException, NamespaceException {
        tree.mkdir(path, -1);
    }

    /** A directory with permission bits mode (negative: 0755). */
    public void mkdir(String path, int mode) throws IOException, NamespaceException {
        tree.mkdir(path, mode);
    }

    /** unlink (directory=false) or rmdir (directory=true). */
    public void remove(String path, boolean directory) throws IOException, NamespaceException {
        tree.remove(path, directory);
    }

    public void rename(String from, String to) throws IOException, NamespaceException {
        tree.rename(from, to);
    }

    // ---- writing files ---------------------------------------------------------------------

    /**
     * Opens path for writing, sharing the spool of any handle already writing it. A new spool starts
     * empty when truncating or creating, else from the committed plaintext (needs a private key).
     */
    public Open openWrite(String path, boolean truncate, PlaintextSource source) throws IOException, NamespaceException {
        return new Open(spools.openWrite(path, truncate, source));
    }

    public int write(Open h, long offset, byte[] data, int len) throws IOException {
        return write(h, offset, ByteBuffer.wrap(data, 0, len));
    }

    /**
     * Writes the buffer's remaining bytes; a direct buffer reaches the spool without a heap copy.
     * The first write of a new or truncated file may start its streaming import.
     */
    public int write(Open h, long offset, ByteBuffer data) throws IOException {
        requireSize(offset + data.remaining());
        h.spool.attributes.written();
        if (offset == 0) {
            streaming.start(h.spool);
        }
        return h.spool.write(offset, data);
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
        return committer.commit(h.spool, durable);
    }

    /** Drops a handle's hold on its spool, committing first; the last release deletes the spool file. */
    public Optional<NamespaceCatalog.Version> release(Open h) throws IOException, NamespaceException {
        try {
            return commit(h, true);
        } finally {
            spools.release(h.spool);
        }
    }

    /** Releases a read-only hold taken by {@link #writing(String)}, without committing. */
    public void releaseRead(Open h) throws IOException {
        spools.release(h.spool);
    }

    @Override
    public void close() throws IOException {
        streaming.close();
        catalog.close();
    }
}
