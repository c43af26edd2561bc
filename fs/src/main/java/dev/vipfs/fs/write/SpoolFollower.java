package dev.vipfs.fs.write;

import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.ipfs.unixfs.ImportedNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.Future;

/**
 * The content of a spool that is still being appended to, as a stream that waits for more: it lets
 * the import of a sequentially written file run on its own thread while the writer is still
 * writing, so the commit at close/fsync only has the tail left. Anything but a plain append (an
 * overwrite, a gap, a truncate) abandons it, and the commit imports the spool from scratch.
 */
final class SpoolFollower {
    private final Spool spool;
    /** Bytes from offset 0 that were written in order and may be read. */
    private long published;
    /** Where the stream ends; -1 while the writer may still append. */
    private long end = -1;
    private boolean abandoned;
    private volatile Future<ImportedNode> result;
    private volatile List<RecipientKey> recipients;

    SpoolFollower(Spool spool) {
        this.spool = spool;
    }

    /** Records the import that consumes {@link #stream()} and the keys it seals to. */
    void started(Future<ImportedNode> importing, List<RecipientKey> keys) {
        this.result = importing;
        this.recipients = keys;
    }

    Future<ImportedNode> result() {
        return result;
    }

    List<RecipientKey> recipients() {
        return recipients;
    }

    /** Called after every write to the spool has completed. */
    synchronized void wrote(long offset, int len) {
        if (abandoned || end >= 0) {
            return; // a write after the commit started belongs to the next version
        }
        if (offset == published) {
            published += len;
            notifyAll();
        } else {
            abandon();
        }
    }

    /** Ends the stream at {@code size} if everything up to it was appended in order; false otherwise. */
    synchronized boolean finish(long size) {
        if (abandoned || published != size) {
            abandon();
            return false;
        }
        end = size;
        notifyAll();
        return true;
    }

    /** Stops the stream: a reader waiting on it fails, so the import stops without a result. */
    synchronized void abandon() {
        abandoned = true;
        notifyAll();
    }

    InputStream stream() {
        return new PositionalInputStream() {
            @Override
            int readAt(long pos, byte[] b, int off, int len) throws IOException {
                long available = awaitData(pos);
                if (available < 0) {
                    return -1;
                }
                int n = spool.read(pos, b, off, (int) Math.min(len, available));
                if (n <= 0) {
                    throw new IOException("the spool ended at " + pos + " while " + available + " more bytes were written");
                }
                return n;
            }
        };
    }

    /** Bytes readable at pos, waiting for the writer; -1 at the end. */
    private synchronized long awaitData(long pos) throws IOException {
        while (true) {
            if (abandoned) {
                throw new IOException("the spool was not written sequentially: streaming import abandoned");
            }
            if (pos < published) {
                return published - pos;
            }
            if (end >= 0) {
                return -1;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("streaming import interrupted");
            }
        }
    }
}
