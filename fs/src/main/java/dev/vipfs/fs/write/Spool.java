package dev.vipfs.fs.write;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The plaintext of one file while it is open for writing, shared by every handle open on the same
 * namespace file: a private file in the spool directory, or, while a new file is written front to
 * back, a {@link StreamingImport} that takes the bytes straight to their import instead.
 * Positional I/O keeps the file thread-safe.
 */
final class Spool implements AutoCloseable {
    private final Path file;
    private final FileChannel ch;
    private final Object commitLock = new Object();
    private volatile boolean dirty;
    /** While set, the content is what was appended to this import, and the file is empty. */
    private volatile StreamingImport streaming;
    /** Why the content is gone (its streaming import failed); the file can then never be committed. */
    private volatile IOException lost;
    private volatile boolean pending;
    /** Mode and times set while the content is uncommitted; the next commit records them. */
    final PendingAttributes attributes = new PendingAttributes();
    private int opens;
    /** The namespace path the content commits to; null once unlinked (its data is then discarded). */
    private String path;

    Spool(Path file) throws IOException {
        this.file = file;
        this.ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    int write(long offset, ByteBuffer buf) throws IOException {
        int len = buf.remaining();
        StreamingImport st = streaming;
        if (st != null && st.append(offset, buf)) {
            dirty = true;
            return len;
        }
        readBackStreamed();
        writeFully(ch, buf, offset);
        dirty = true;
        return len;
    }

    /** Writes all of buf at pos (a positional write may take only part of it). */
    static void writeFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }

    /**
     * Starts streaming the appends to an import if nothing was ever written here (the first write of
     * a new or truncated file); null if the file already has content.
     */
    synchronized StreamingImport stream(RecordingStore written) throws IOException {
        if (streaming != null || lost != null || ch.size() != 0) {
            return null;
        }
        streaming = new StreamingImport(written);
        return streaming;
    }

    /** The streaming import holding this file's content (a commit finishes it); null if none. */
    StreamingImport streamed() throws IOException {
        failIfLost();
        return streaming;
    }

    /**
     * Puts streamed content into the file, so it can be read, overwritten or cut: the import ends
     * where the appends stopped and is decrypted back. Under the commit lock, so a commit never
     * catalogues an import whose blocks this is about to discard.
     */
    private void readBackStreamed() throws IOException {
        failIfLost();
        if (streaming == null) {
            return;
        }
        synchronized (commitLock) {
            synchronized (this) {
                StreamingImport st = streaming;
                if (st == null) {
                    return;
                }
                try {
                    st.readBackInto(ch);
                } catch (IOException | RuntimeException e) {
                    st.drop();
                    ch.truncate(0);
                    // A committed import stays a version whatever happens here; only this handle's
                    // view of it, which further writes would patch, is gone.
                    lost = new IOException(st.kept()
                            ? "this file's last version was recorded, but cannot be read back to change it further: "
                                    + e.getMessage()
                            : "the data written to this file is lost: " + e.getMessage(), e);
                    throw lost;
                } finally {
                    streaming = null; // only now: until the file holds the bytes, size() must count them
                }
            }
        }
    }

    /** Forgets a streaming import (its content with it), e.g. for a truncate to 0. */
    private void dropStreaming() {
        synchronized (commitLock) {
            synchronized (this) {
                StreamingImport st = streaming;
                streaming = null;
                if (st != null) {
                    st.drop();
                }
            }
        }
    }

    private void failIfLost() throws IOException {
        if (lost != null) {
            throw new IOException(lost.getMessage(), lost);
        }
    }

    int read(long offset, byte[] dst, int len) throws IOException {
        return read(offset, dst, 0, len);
    }

    int read(long offset, byte[] dst, int dstOff, int len) throws IOException {
        readBackStreamed();
        ByteBuffer buf = ByteBuffer.wrap(dst, dstOff, len);
        long pos = offset;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        return buf.position() - dstOff;
    }

    void truncate(long size) throws IOException {
        if (size == 0) {
            dropStreaming();
            lost = null; // nothing of the lost content is wanted any more
        } else {
            readBackStreamed();
        }
        long cur = ch.size();
        if (size < cur) {
            ch.truncate(size);
        } else if (size > cur) {
            // FileChannel cannot extend; one zero byte at the end makes a sparse file of the right size.
            ch.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
        dirty = true;
    }

    long size() throws IOException {
        StreamingImport st = streaming;
        return st != null ? st.size() : ch.size();
    }

    void markDirty() {
        dirty = true;
    }

    boolean dirty() {
        return dirty;
    }

    /**
     * A created or truncated file must exist (empty) after its last close even if nothing is written,
     * but a close of a duplicate descriptor (shell redirections) must not commit that empty state.
     */
    void markPending() {
        pending = true;
    }

    boolean pending() {
        return pending;
    }

    void clean() {
        dirty = false;
        pending = false;
    }

    /** Held while encrypting, so two flushes of one file do not commit the same bytes twice. */
    Object commitLock() {
        return commitLock;
    }

    /** A stream over the current content from offset 0, reading positionally (no shared file position). */
    InputStream stream() throws IOException {
        readBackStreamed();
        return new PositionalInputStream() {
            @Override
            int readAt(long pos, byte[] b, int off, int len) throws IOException {
                return ch.read(ByteBuffer.wrap(b, off, len), pos);
            }
        };
    }

    // Guarded by the Namespace's lock.
    int opens() {
        return opens;
    }

    void opened() {
        opens++;
    }

    int released() {
        return --opens;
    }

    String path() {
        return path;
    }

    void path(String p) {
        path = p;
    }

    @Override
    public void close() throws IOException {
        dropStreaming();
        try {
            ch.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
