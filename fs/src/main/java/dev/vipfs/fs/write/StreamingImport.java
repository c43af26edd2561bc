package dev.vipfs.fs.write;

import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.crypto.segment.SegmentOffsets;
import dev.vipfs.fs.sealing.EncryptedImport;
import dev.vipfs.fs.content.SegmentReader;
import dev.vipfs.ipfs.unixfs.UnixfsReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The import of a new or truncated file while it is written front to back, fed straight from the
 * writes through a small bounded pipe: the bytes never touch the spool file, so a large copy is
 * written once, as encrypted blocks. Anything but an append (an overwrite, a gap, a read, a
 * truncate) ends the import where the appends stopped and reads its blocks back into the spool
 * ({@link #readBackInto}); the file then goes on as a spooled one.
 */
final class StreamingImport {
    /** Enough for a few FUSE writes of 128 KiB in flight while the importer seals and stores. */
    private static final int PIPE_BYTES = 4 << 20;
    private static final int CHUNK = 128 << 10;
    private static final int POOLED_CHUNKS = PIPE_BYTES / CHUNK + 1;

    /** One write's bytes in the pipe; pos is how far the importer has read. */
    private static final class Chunk {
        final byte[] data;
        int len;
        int pos;

        Chunk(byte[] data) {
            this.data = data;
        }
    }

    private final RecordingStore written;
    private final ArrayDeque<Chunk> pipe = new ArrayDeque<>();
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private int piped;
    /** Bytes accepted from offset 0, in order. */
    private long appended;
    /** No more appends: the import finishes at {@link #appended}. */
    private boolean ended;
    private boolean abandoned;
    private Throwable failure;
    private volatile Future<EncryptedImport> result;
    private volatile List<RecipientKey> recipients;
    /** Set once a commit catalogued the result: its blocks are a version now and must stay. */
    private volatile boolean kept;

    StreamingImport(RecordingStore written) {
        this.written = written;
    }

    /** Records the import that consumes {@link #pipe()} and the keys it seals to. */
    void started(Future<EncryptedImport> importing, List<RecipientKey> keys) {
        this.result = importing;
        this.recipients = keys;
    }

    List<RecipientKey> recipients() {
        return recipients;
    }

    /**
     * Takes the buffer's bytes if they continue the appends; false (buffer untouched) if they do not
     * or the import has ended. Waits while the pipe is full.
     *
     * @throws IOException if the import failed: the bytes accepted so far are lost
     */
    synchronized boolean append(long offset, ByteBuffer src) throws IOException {
        int len = src.remaining();
        while (true) {
            rethrowFailure();
            if (ended || abandoned || offset != appended) {
                return false;
            }
            if (piped == 0 || piped + len <= PIPE_BYTES) {
                break;
            }
            await();
        }
        Chunk c = new Chunk(len <= CHUNK && !free.isEmpty() ? free.pop() : new byte[Math.max(len, CHUNK)]);
        src.get(c.data, 0, len);
        c.len = len;
        pipe.add(c);
        piped += len;
        appended += len;
        notifyAll();
        return true;
    }

    /** Bytes written so far: the file's size while it streams. */
    synchronized long size() {
        return appended;
    }

    /** Ends the stream: the import seals what was appended and completes. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** Called by the import task when it fails: the next append, commit or read back reports it. */
    synchronized void failed(Throwable t) {
        failure = t;
        notifyAll();
    }

    /** Marks the result as catalogued, so it is never discarded. */
    void keep() {
        kept = true;
    }

    /** Whether a commit catalogued the result: an ended import takes no more appends, so it is all there. */
    boolean kept() {
        return kept;
    }

    /** Ends the stream and waits for the import of everything appended. */
    EncryptedImport finish() throws IOException {
        end();
        Future<EncryptedImport> r = result;
        if (r == null) {
            throw new IOException("the streaming import never started");
        }
        try {
            return r.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while finishing the import of a written file");
        } catch (ExecutionException e) {
            throw new IOException("importing the written data failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Decrypts the finished import into ch from offset 0, with the key it was sealed with (no private
     * key needed), then drops its blocks unless a commit kept them.
     */
    void readBackInto(FileChannel ch) throws IOException {
        EncryptedImport done = finish();
        SegmentReader segments = new SegmentReader(new UnixfsReader(written), done.payload().cid(),
                done.payload().contentSize(), done.writer()::openSealed, "the streamed import of this file");
        for (SegmentOffsets.Span span : SegmentOffsets.explode(0, segments.plainSize())) {
            Spool.writeFully(ch, ByteBuffer.wrap(segments.segment(span.index())), span.plainOffset());
        }
        discardUnlessKept();
    }

    /** Abandons the import and, if it had already completed, takes its blocks back out unless kept. */
    void drop() {
        boolean wasEnded;
        synchronized (this) {
            wasEnded = ended;
            abandoned = true;
            notifyAll();
        }
        // An import that never ended fails on the abandoned pipe and discards its own blocks.
        if (wasEnded) {
            try {
                finish();
                discardUnlessKept();
            } catch (IOException e) {
                // it failed, and a failed import discards its blocks itself
            }
        }
    }

    private void discardUnlessKept() {
        if (!kept) {
            written.discardAll();
        }
    }

    /** The importer's end of the pipe. */
    InputStream pipe() {
        return new BulkInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return take(b, off, len);
            }
        };
    }

    private synchronized int take(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pipe.isEmpty()) {
            if (abandoned) {
                throw new IOException("the file was not written front to back: streaming import abandoned");
            }
            if (ended) {
                return -1;
            }
            await();
        }
        Chunk c = pipe.peek();
        int n = Math.min(len, c.len - c.pos);
        System.arraycopy(c.data, c.pos, b, off, n);
        c.pos += n;
        piped -= n;
        if (c.pos == c.len) {
            pipe.poll();
            if (c.data.length == CHUNK && free.size() < POOLED_CHUNKS) {
                free.push(c.data);
            }
        }
        notifyAll();
        return n;
    }

    private void rethrowFailure() throws IOException {
        if (failure != null) {
            throw new IOException("importing this file while it was written failed: " + failure.getMessage(), failure);
        }
    }

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while streaming a written file to its import");
        }
    }
}
