package dev.vipfs.fs.fuse;

import dev.vipfs.libc.Libc;
import java.util.function.LongPredicate;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Delegate;
import jnr.ffi.types.size_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.ErrorCodes;

/**
 * The channel {@link SessionLoop} hands libfuse for OPEN requests only: it sends the reply itself
 * and marks a handle the file system names as having nothing to flush with {@code FOPEN_NOFLUSH},
 * so that closing it costs no FLUSH request.
 *
 * <p>Why: libfuse 2.9 copies only direct_io, keep_cache and nonseekable from the open's
 * {@code fuse_file_info} into the reply, while the kernel (FUSE 7.35 and later) skips the
 * synchronous FLUSH of every close for a handle opened with FOPEN_NOFLUSH. A web server's request
 * on immutable content is open, fstat, sendfile from the page cache, close: the FLUSH was one of
 * its three round trips to the daemon and the close waited for it (docs/benchmarks.md). An
 * immutable handle (content, or a committed version in MOUNT/data) has nothing to flush: it is
 * never written, and the mount implements no lock operation, so the kernel keeps POSIX locks
 * itself. Every other reply still leaves by libfuse's own channel and never passes through Java.
 */
final class OpenReplyChannel {
    /** {@code send} of libfuse 2.9's public {@code struct fuse_chan_ops}. */
    public interface Send {
        @Delegate
        int send(Pointer ch, Pointer iov, @size_t long count);
    }

    private static final Logger LOG = LoggerFactory.getLogger(OpenReplyChannel.class);
    /** include/uapi/linux/fuse.h. */
    static final int FOPEN_NOFLUSH = 1 << 5;
    /** struct iovec on LP64: void *iov_base; size_t iov_len. */
    private static final int IOVEC_BYTES = 16;
    /** struct fuse_out_header: uint32 len; int32 error; uint64 unique. */
    private static final int OUT_ERROR = 4;
    /** struct fuse_open_out: uint64 fh; uint32 open_flags; uint32 padding. */
    private static final int OPEN_OUT_BYTES = 16;
    private static final int OPEN_FLAGS = 8;

    private final Libc.Calls libc = Libc.require();
    private final int fd;
    private final LongPredicate nothingToFlush;
    // A strong reference: the native channel calls into it for the life of the session.
    private final Send send = this::send;
    private final Pointer channel;

    /**
     * @param fd             the kernel channel's /dev/fuse descriptor
     * @param nothingToFlush whether the handle an OPEN reply carries may skip FLUSH
     */
    OpenReplyChannel(LibFuseSession lib, Runtime runtime, int fd, long bufferSize, LongPredicate nothingToFlush) {
        this.fd = fd;
        this.nothingToFlush = nothingToFlush;
        int word = runtime.addressSize();
        Pointer ops = Memory.allocateDirect(runtime, 3 * word, true); // receive, send, destroy; fuse_chan_new copies it
        ops.putPointer(word, runtime.getClosureManager().getClosurePointer(Send.class, send));
        channel = lib.fuse_chan_new(ops, fd, bufferSize, null);
        if (channel == null) {
            throw new IllegalStateException("libfuse could not create a channel");
        }
    }

    /** The {@code struct fuse_chan *} to pass to {@code fuse_session_process_buf} for an OPEN. */
    Pointer pointer() {
        return channel;
    }

    /** As libfuse's kernel channel sends (fuse_kern_chan_send): one writev, {@code -errno} on failure. */
    private int send(Pointer ch, Pointer iov, long count) {
        try {
            markNoFlush(iov, count);
        } catch (RuntimeException e) {
            // The reply must still go out, or the opening process waits for ever.
            LOG.warn("open reply left as libfuse built it: {}", e.toString());
        }
        if (libc.writev(fd, iov, (int) count) >= 0) {
            return 0;
        }
        int errno = Runtime.getRuntime(libc).getLastError();
        if (errno != ErrorCodes.ENOENT()) { // ENOENT: the open was interrupted, and libfuse releases the handle
            LOG.warn("cannot write an open reply to /dev/fuse: errno {}", errno);
        }
        return -errno;
    }

    private void markNoFlush(Pointer iov, long count) {
        if (count < 2 || iov.getPointer(0).getInt(OUT_ERROR) != 0 || iov.getLong(IOVEC_BYTES + 8) < OPEN_OUT_BYTES) {
            return;
        }
        Pointer out = iov.getPointer(IOVEC_BYTES);
        if (nothingToFlush.test(out.getLong(0))) {
            out.putInt(OPEN_FLAGS, out.getInt(OPEN_FLAGS) | FOPEN_NOFLUSH);
        }
    }
}
