package dev.vipfs.fs.write;

import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.fs.catalog.NamespaceException;
import dev.vipfs.fs.sealing.EncryptedImport;
import dev.vipfs.fs.sealing.EncryptedImporter;
import dev.vipfs.ipfs.unixfs.ImportedNode;
import dev.vipfs.ipfs.unixfs.UnixfsImporter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Turns a spool's content into the next catalogued version of its file, in the order that keeps a
 * crash harmless: encrypt into the store (or finish the import that followed the writes), sync the
 * store, pin the root, and only then record the CID in the catalogue. A failure anywhere leaves the
 * spool dirty, so the next flush/fsync/close retries.
 *
 * <p>Locking: a commit holds its spool's commit lock throughout (one commit per file at a time, and
 * never while the spool reads a streamed import back, see {@link Spool}); encryption runs without
 * the namespace lock, which is taken (the {@link NamespaceTree} monitor) only to read the spool's
 * path and write the catalogue entry, so a rename or unlink racing the commit decides where the
 * version lands or that it is dropped.
 */
final class Committer {
    private final NamespaceTree lock;
    private final NamespaceCatalog catalog;
    private final UnixfsImporter importer;
    private final EncryptedImporter encryptor;
    private final Supplier<List<RecipientKey>> recipients;
    /** Commits that took a streaming import's result (for tests and debugging). */
    private final AtomicLong streamedCommits = new AtomicLong();

    Committer(NamespaceTree lock, NamespaceCatalog catalog, UnixfsImporter importer,
              Supplier<List<RecipientKey>> recipients) {
        this.lock = lock;
        this.catalog = catalog;
        this.importer = importer;
        this.encryptor = new EncryptedImporter(importer);
        this.recipients = recipients;
    }

    long streamedCommits() {
        return streamedCommits.get();
    }

    /**
     * Records s's current content as its file's next version; empty when nothing changed since the
     * last commit or the file was unlinked. durable also commits a created or truncated file nothing
     * was written to.
     */
    Optional<NamespaceCatalog.Version> commit(Spool s, boolean durable) throws IOException, NamespaceException {
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
            synchronized (lock) {
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
