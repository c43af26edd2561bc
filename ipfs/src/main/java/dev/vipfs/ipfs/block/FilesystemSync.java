package dev.vipfs.ipfs.block;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import jnr.ffi.LibraryLoader;

/** Flushes a whole filesystem with one syncfs(2), falling back to an fsync per file where that is unavailable. */
final class FilesystemSync {
    /** The libc calls syncfs needs; jnr-ffi binds lazily and is thread-safe. */
    public interface LibC {
        int open(String path, int flags);

        int syncfs(int fd);

        int close(int fd);
    }

    private static final int O_RDONLY = 0;
    private static final LibC LIBC = load();

    private FilesystemSync() {
    }

    private static LibC load() {
        try {
            return LibraryLoader.create(LibC.class).failImmediately().load("c");
        } catch (RuntimeException | LinkageError e) {
            return null; // not Linux/glibc: the per-file fallback below still gives the same guarantee
        }
    }

    /**
     * Makes {@code files} (and their directory entries) durable: one syncfs of the filesystem holding
     * {@code anyPath} when the platform has it, else an fsync of every file and directory.
     */
    static void sync(Path anyPath, Collection<Path> files, Collection<Path> dirs) throws IOException {
        if (LIBC != null && syncfs(anyPath)) {
            return;
        }
        for (Path f : files) {
            force(f, true);
        }
        for (Path d : dirs) {
            force(d, false);
        }
    }

    private static boolean syncfs(Path p) {
        try {
            int fd = LIBC.open(p.toString(), O_RDONLY);
            if (fd < 0) {
                return false;
            }
            try {
                return LIBC.syncfs(fd) == 0;
            } finally {
                LIBC.close(fd);
            }
        } catch (RuntimeException | LinkageError e) {
            return false; // e.g. an old libc without syncfs
        }
    }

    private static void force(Path p, boolean file) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (file) {
                throw new IOException("cannot make block file " + p + " durable: " + e.getMessage(), e);
            }
            // Directories cannot be opened everywhere; the rename stays atomic, only its durability is weaker.
        }
    }
}
