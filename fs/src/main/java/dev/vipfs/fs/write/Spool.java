package dev.vipfs.fs.write;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The plaintext of one file while it is open for writing: a private file in the spool directory,
 * shared by every handle open on the same namespace file. Positional I/O keeps it thread-safe.
 */
final class Spool implements AutoCloseable {
    private final Path file;
    private final FileChannel ch;
    private final Object commitLock = new Object();
    private volatile boolean dirty;
    /** Set while a streaming import follows this spool's appends (guarded by this). */
    private SpoolFollower follower;
    private volatile boolean pending;
    private int opens;
    /** The namespace path the content commits to; null once unlinked (its data is then discarded). */
    private String path;

    Spool(Path file) throws IOException {
        this.file = file;
        this.ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    int write(long offset, ByteBuffer buf) throws IOException {
        int len = buf.remaining();
        long pos = offset;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
        dirty = true;
        SpoolFollower f = follower();
        if (f != null) {
            f.wrote(offset, len);
        }
        return len;
    }

    synchronized SpoolFollower follower() {
        return follower;
    }

    /** Starts following if nothing was ever written here: the first write of a new or truncated file. */
    synchronized SpoolFollower follow() throws IOException {
        if (follower != null || ch.size() != 0) {
            return null;
        }
        follower = new SpoolFollower(this);
        return follower;
    }

    /** Detaches the follower (a commit takes it, or discards it); null if there is none. */
    synchronized SpoolFollower unfollow() {
        SpoolFollower f = follower;
        follower = null;
        return f;
    }

    /** Detaches and stops the follower, if any: its import ends without a result. */
    void dropFollower() {
        SpoolFollower f = unfollow();
        if (f != null) {
            f.abandon();
        }
    }

    int read(long offset, byte[] dst, int len) throws IOException {
        return read(offset, dst, 0, len);
    }

    int read(long offset, byte[] dst, int dstOff, int len) throws IOException {
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
        dropFollower();
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
        return ch.size();
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
    InputStream stream() {
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
        dropFollower();
        try {
            ch.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
