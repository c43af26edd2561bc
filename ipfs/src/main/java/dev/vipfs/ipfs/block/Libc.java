package dev.vipfs.ipfs.block;

import java.nio.ByteBuffer;
import jnr.ffi.LibraryLoader;

/** The libc calls the block store needs and Java has no API for, bound once through jnr-ffi. */
final class Libc {
    /** libc as jnr-ffi binds it (lazily, thread-safe). */
    public interface Calls {
        int open(String path, int flags, int mode);

        int syncfs(int fd);

        int fallocate(int fd, int mode, long offset, long len);

        long pwrite(int fd, ByteBuffer buf, long count, long offset);

        int fcntl(int fd, int cmd, int arg);

        int close(int fd);
    }

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 01;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    /** The bound calls, or null where there is no such libc (not Linux/glibc): callers fall back. */
    static final Calls C = load();

    private Libc() {
    }

    private static Calls load() {
        try {
            return LibraryLoader.create(Calls.class).failImmediately().load("c");
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The calling thread's errno after a failed call, for messages. */
    static String errno() {
        return "errno " + jnr.ffi.Runtime.getRuntime(C).getLastError();
    }
}
