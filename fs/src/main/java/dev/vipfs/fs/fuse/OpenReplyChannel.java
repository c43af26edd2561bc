package dev.vipfs.fs.fuse;

import java.util.function.LongPredicate;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The channel {@link SessionLoop} hands libfuse for OPEN requests: it marks a handle the file
 * system names as having nothing to flush with {@code FOPEN_NOFLUSH}, so that closing it costs no
 * FLUSH request.
 *
 * <p>Why: libfuse 2.9 copies only direct_io, keep_cache and nonseekable from the open's
 * {@code fuse_file_info} into the reply, while the kernel (FUSE 7.35 and later) skips the
 * synchronous FLUSH of every close for a handle opened with FOPEN_NOFLUSH. A web server's request
 * on immutable content is open, fstat, sendfile from the page cache, close: the FLUSH was one of
 * its three round trips to the daemon and the close waited for it (docs/benchmarks.md). An
 * immutable handle (content, or a committed version in MOUNT/data) has nothing to flush: it is
 * never written, and the mount implements no lock operation, so the kernel keeps POSIX locks
 * itself.
 */
final class OpenReplyChannel extends ReplyChannel {
    /** struct fuse_open_out: uint64 fh; uint32 open_flags; uint32 padding. */
    private static final int OPEN_OUT_BYTES = 16;
    private static final int OPEN_FLAGS = 8;

    private final LongPredicate nothingToFlush;

    /** @param nothingToFlush whether the handle an OPEN reply carries may skip FLUSH */
    OpenReplyChannel(LibFuseSession lib, Runtime runtime, int fd, long bufferSize, LongPredicate nothingToFlush) {
        super(lib, runtime, fd, bufferSize);
        this.nothingToFlush = nothingToFlush;
    }

    @Override
    void rewrite(Pointer iov, long count) {
        if (!okWithBody(iov, count, OPEN_OUT_BYTES)) {
            return;
        }
        Pointer out = iov.getPointer(IOVEC_BYTES);
        if (nothingToFlush.test(out.getLong(0))) {
            out.putInt(OPEN_FLAGS, out.getInt(OPEN_FLAGS) | FuseAbi.FOPEN_NOFLUSH);
        }
    }
}
