package dev.vipfs.fs.fuse;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;
import jnr.ffi.types.size_t;

/**
 * The libfuse 2.9 session API ({@code fuse_lowlevel.h}, {@code fuse.h}) that {@link SessionLoop}
 * runs its own loop on, resolved from libfuse.so.2 when first used (public: jnr-ffi implements it
 * in a class loader of its own).
 */
public interface LibFuseSession {
    LibFuseSession LIB = LibraryLoader.create(LibFuseSession.class).failImmediately().load("fuse");

    Pointer fuse_setup(int argc, Pointer argv, Pointer op, @size_t long opSize, PointerByReference mountpoint,
                       IntByReference multithreaded, Pointer userData);

    void fuse_teardown(Pointer fuse, Pointer mountpoint);

    Pointer fuse_get_session(Pointer fuse);

    Pointer fuse_session_next_chan(Pointer se, Pointer ch);

    @size_t long fuse_chan_bufsize(Pointer ch);

    int fuse_session_receive_buf(Pointer se, Pointer buf, Pointer chp);

    void fuse_session_process_buf(Pointer se, Pointer buf, Pointer ch);

    int fuse_session_exited(Pointer se);

    void fuse_session_exit(Pointer se);

    int fuse_start_cleanup_thread(Pointer fuse);

    Pointer fuse_chan_new(Pointer op, int fd, @size_t long bufsize, Pointer data);

    int fuse_chan_fd(Pointer ch);

    void fuse_stop_cleanup_thread(Pointer fuse);

    Pointer fuse_kern_chan_new(int fd);

    void fuse_chan_destroy(Pointer ch);

    void fuse_destroy(Pointer fuse);

    void fuse_opt_free_args(Pointer args);
}
