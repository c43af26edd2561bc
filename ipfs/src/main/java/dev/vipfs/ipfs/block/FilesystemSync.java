package dev.vipfs.ipfs.block;

import dev.vipfs.libc.Libc;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;

/** Flushes a whole filesystem with one syncfs(2), falling back to an fsync per file where that is unavailable. */
final class FilesystemSync {
    private FilesystemSync() {
    }

    /**
     * Makes {@code files} (and their directory entries) durable: one syncfs of the filesystem holding
     * {@code anyPath} when the platform has it, else an fsync of every file and directory.
     */
    static void sync(Path anyPath, Collection<Path> files, Collection<Path> dirs) throws IOException {
        if (Libc.C != null && syncfs(anyPath)) {
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
            int fd = Libc.C.open(p.toString(), Libc.O_RDONLY, 0);
            if (fd < 0) {
                return false;
            }
            try {
                return Libc.C.syncfs(fd) == 0;
            } finally {
                Libc.C.close(fd);
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
