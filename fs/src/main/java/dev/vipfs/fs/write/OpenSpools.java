package dev.vipfs.fs.write;

import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.fs.catalog.NamespaceException;
import dev.vipfs.fs.catalog.NamespaceException.Kind;
import dev.vipfs.fs.catalog.NamespacePaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The spools of files open for writing, one per namespace path and shared by every handle on it,
 * each counting its holders (as cryptofs {@code OpenCryptoFiles} keeps one {@code OpenCryptoFile}
 * per path): the last release closes the spool and deletes its file. Renames carry a spool to its
 * new path, unlink detaches it (its holders keep writing into content that is then discarded).
 *
 * <p>Locking: the map, each spool's path and its open count are guarded by the namespace lock, the
 * monitor of the {@link NamespaceTree} that owns this table. Methods named for the tree's use
 * ({@link #get}, {@link #contains}, {@link #paths}, {@link #detach}, {@link #move}) expect the
 * caller to hold it; {@link #openWrite}, {@link #writing} and {@link #release} take it themselves,
 * and {@link #openWrite} decrypts a file's committed content outside it.
 */
final class OpenSpools {
    private static final int COPY_CHUNK = 1 << 20;

    private final NamespaceTree lock;
    private final NamespaceCatalog catalog;
    private final SpoolDirectory spoolDir;
    private final Map<String, Spool> spools = new HashMap<>();

    OpenSpools(NamespaceTree lock, NamespaceCatalog catalog, SpoolDirectory spoolDir) {
        this.lock = lock;
        this.catalog = catalog;
        this.spoolDir = spoolDir;
    }

    /** The spool open at path, or null (caller holds the namespace lock). */
    Spool get(String path) {
        return spools.get(path);
    }

    /** Whether a file is being written at path (caller holds the namespace lock). */
    boolean contains(String path) {
        return spools.containsKey(path);
    }

    /** The paths being written (caller holds the namespace lock). */
    Set<String> paths() {
        return Collections.unmodifiableSet(spools.keySet());
    }

    /** Unlink: the spool at path, if any, loses its path (caller holds the namespace lock). */
    Spool detach(String path) {
        Spool s = spools.remove(path);
        if (s != null) {
            s.path(null);
        }
        return s;
    }

    /**
     * Rename: a spool at {@code to} is detached, every spool at or below {@code from} moves below
     * {@code to} and records the rename as a name change (caller holds the namespace lock).
     */
    void move(String from, String to) {
        detach(to);
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

    /** The spool of a file being written, held once more for reads that must see unflushed data. */
    Optional<Spool> writing(String path) {
        synchronized (lock) {
            Spool s = spools.get(path);
            if (s == null) {
                return Optional.empty();
            }
            s.opened();
            return Optional.of(s);
        }
    }

    /**
     * Holds path's spool for writing, sharing the spool of any handle already writing it. A new spool
     * starts empty when truncating or creating, else from the committed plaintext (needs a private key).
     */
    Spool openWrite(String path, boolean truncate, PlaintextSource source) throws IOException, NamespaceException {
        NamespacePaths.check(path);
        if (path.isEmpty()) {
            throw new NamespaceException(Kind.IS_DIRECTORY, "the namespace root is a directory");
        }
        Optional<NamespaceCatalog.Version> base;
        synchronized (lock) {
            Spool s = spools.get(path);
            if (s != null) {
                s.opened();
                if (truncate) {
                    s.truncate(0);
                    s.markPending();
                }
                return s;
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
                return empty;
            }
            if (base.isEmpty()) {
                if (item.isEmpty()) {
                    lock.touch(NamespacePaths.parent(path));
                }
                Spool fresh = spoolDir.create();
                fresh.path(path);
                if (item.isEmpty()) {
                    fresh.attributes.named(Instant.now());
                }
                fresh.opened();
                fresh.markPending();
                spools.put(path, fresh);
                return fresh;
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
        synchronized (lock) {
            Spool raced = spools.get(path);
            if (raced != null) {
                filled.close();
                raced.opened();
                return raced;
            }
            filled.path(path);
            filled.opened();
            filled.clean();
            spools.put(path, filled);
            return filled;
        }
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

    /** Drops one hold on s; the last closes it, deletes its file and, if it still has a path, unmaps it. */
    void release(Spool s) throws IOException {
        synchronized (lock) {
            if (s.released() <= 0) {
                if (s.path() != null && spools.get(s.path()) == s) {
                    spools.remove(s.path());
                }
                s.close();
            }
        }
    }
}
