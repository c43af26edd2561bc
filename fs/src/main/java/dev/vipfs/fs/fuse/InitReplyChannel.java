package dev.vipfs.fs.fuse;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The channel {@link SessionLoop} hands libfuse for the INIT request: it adds
 * {@code FUSE_PARALLEL_DIROPS} to the reply's flags when the kernel offered it.
 *
 * <p>Why: without it the kernel lets one lookup or readdir at a time into a directory. libfuse 2.9
 * predates the flag and never sets it, so a lookup waiting out a fetch (a CID that Kubo or a
 * gateway is slow to deliver, up to the fetch timeout) held every other first lookup in the same
 * directory, every other CID at the mount's root included, for as long. Lookups and readdirs in
 * different directories have always run in parallel on the mount's workers, so the file system
 * is already safe for them; the kernel still keeps them apart from a directory's changes (create,
 * rename, unlink take the directory's lock exclusively).
 */
final class InitReplyChannel extends ReplyChannel {
    /** fuse_init_out up to and with its flags. */
    private static final int INIT_OUT_BYTES = FuseAbi.INIT_FLAGS + 4;

    /** The flags of the INIT request being answered: INIT comes once, before any other request. */
    private volatile int offered;

    InitReplyChannel(LibFuseSession lib, Runtime runtime, int fd, long bufferSize) {
        super(lib, runtime, fd, bufferSize);
    }

    /** Takes the flags of the kernel's INIT request, before libfuse processes it. */
    void offered(int kernelFlags) {
        offered = kernelFlags;
    }

    @Override
    void rewrite(Pointer iov, long count) {
        if ((offered & FuseAbi.PARALLEL_DIROPS) == 0 || !okWithBody(iov, count, INIT_OUT_BYTES)) {
            return;
        }
        Pointer out = iov.getPointer(IOVEC_BYTES);
        out.putInt(FuseAbi.INIT_FLAGS, out.getInt(FuseAbi.INIT_FLAGS) | FuseAbi.PARALLEL_DIROPS);
    }
}
