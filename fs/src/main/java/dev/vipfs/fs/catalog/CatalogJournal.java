package dev.vipfs.fs.catalog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The namespace journal ({@code namespace.jsonl}, docs/catalog.md): one JSON line per operation,
 * fsynced before the operation takes effect in memory, emptied after each snapshot. A line torn by
 * a crash mid-append is an operation that never happened; a writer cuts it off at start-up.
 * The writer also holds {@code namespace.lock}, so one mount at a time writes a catalogue.
 *
 * <p>Locking: none of its own; the caller holds the {@link NamespaceCatalog} monitor.
 */
final class CatalogJournal {
    /** Applies one journal line; last: it is the final line, which a crash may have torn. */
    interface Replay {
        void line(String line, boolean last) throws IOException;
    }

    private final Path dir;
    private final boolean readOnly;
    private FileChannel journal;
    private FileChannel lockFile;

    CatalogJournal(Path dir, boolean readOnly) {
        this.dir = dir;
        this.readOnly = readOnly;
    }

    /** Takes the writer's lock, removes a snapshot a crash left half-written, opens the journal to append. */
    void openForWriting() throws IOException {
        lock();
        Files.deleteIfExists(dir.resolve(NamespaceCatalog.SNAPSHOT + ".tmp"));
        journal = StateFiles.open(dir.resolve(NamespaceCatalog.JOURNAL), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    /** One writer per catalogue: a second mount of the same home would clean the first one's spool. */
    private void lock() throws IOException {
        lockFile = StateFiles.open(dir.resolve("namespace.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockFile.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockFile.close();
            throw new IOException("the namespace catalogue in " + dir + " is in use by another vipfs mount of this home;"
                    + " unmount it first");
        }
    }

    /**
     * Hands every complete line to replay in order; a writer then cuts a torn last line off and
     * appends after the last good one, a reader leaves the file as it is.
     */
    void replay(Replay replay) throws IOException {
        Path jp = dir.resolve(NamespaceCatalog.JOURNAL);
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
                replay.line(line, start >= all.length);
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

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Whether operations can be journalled (false when read-only or closed). */
    boolean writable() {
        return journal != null && journal.isOpen();
    }

    /** Appends one operation's line and fsyncs it (data only: the file's size is in the data). */
    void append(byte[] line) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
            journal.write(buf);
        }
        journal.force(false);
    }

    /** Empties the journal once a snapshot holds everything it said. */
    void empty() throws IOException {
        journal.truncate(0);
        journal.force(true);
    }

    /** Closes the journal and gives up the writer's lock. */
    void close() throws IOException {
        if (journal != null) {
            journal.close();
        }
        if (lockFile != null) {
            lockFile.close();
        }
    }
}
