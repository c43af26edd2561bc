package dev.vipfs.fs.fuse;

import dev.vipfs.libc.Libc;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Delegate;
import jnr.ffi.types.size_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.ErrorCodes;

/**
 * A channel {@link SessionLoop} hands libfuse for one kind of request: it sends that request's reply
 * itself, after changing what libfuse 2.9 cannot express in it. Every other reply still leaves by
 * libfuse's own channel and never passes through Java.
 */
abstract class ReplyChannel {
    /** {@code send} of libfuse 2.9's public {@code struct fuse_chan_ops}. */
    public interface Send {
        @Delegate
        int send(Pointer ch, Pointer iov, @size_t long count);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReplyChannel.class);
    /** struct iovec on LP64: void *iov_base; size_t iov_len. */
    static final int IOVEC_BYTES = 16;

    private final Libc.Calls libc = Libc.require();
    private final int fd;
    // A strong reference: the native channel calls into it for the life of the session.
    private final Send send = this::send;
    private final Pointer channel;

    /** @param fd the kernel channel's /dev/fuse descriptor */
    ReplyChannel(LibFuseSession lib, Runtime runtime, int fd, long bufferSize) {
        this.fd = fd;
        int word = runtime.addressSize();
        Pointer ops = Memory.allocateDirect(runtime, 3 * word, true); // receive, send, destroy; fuse_chan_new copies it
        ops.putPointer(word, runtime.getClosureManager().getClosurePointer(Send.class, send));
        channel = lib.fuse_chan_new(ops, fd, bufferSize, null);
        if (channel == null) {
            throw new IllegalStateException("libfuse could not create a channel");
        }
    }

    /** The {@code struct fuse_chan *} to pass to {@code fuse_session_process_buf} for such a request. */
    final Pointer pointer() {
        return channel;
    }

    /**
     * Changes the reply in place: {@code iov[0]} is the out header, {@code iov[1]} (when
     * {@code count > 1}) the reply's body as libfuse built it.
     */
    abstract void rewrite(Pointer iov, long count);

    /** As libfuse's kernel channel sends (fuse_kern_chan_send): one writev, {@code -errno} on failure. */
    private int send(Pointer ch, Pointer iov, long count) {
        try {
            rewrite(iov, count);
        } catch (RuntimeException e) {
            // The reply must still go out, or the caller waits for ever.
            LOG.warn("{} left as libfuse built it: {}", getClass().getSimpleName(), e.toString());
        }
        if (libc.writev(fd, iov, (int) count) >= 0) {
            return 0;
        }
        int errno = Runtime.getRuntime(libc).getLastError();
        if (errno != ErrorCodes.ENOENT()) { // ENOENT: the request was interrupted (libfuse cleans up)
            LOG.warn("cannot write a reply to /dev/fuse ({}): errno {}", getClass().getSimpleName(), errno);
        }
        return -errno;
    }

    /** Whether the reply succeeded and carries a body of at least {@code bytes}. */
    static boolean okWithBody(Pointer iov, long count, int bytes) {
        return count >= 2 && iov.getPointer(0).getInt(FuseAbi.OUT_ERROR) == 0 && iov.getLong(IOVEC_BYTES + 8) >= bytes;
    }
}
