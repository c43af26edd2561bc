package dev.vipfs.ipfs.block;

import dev.vipfs.libc.Libc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Creates a file whose whole filesystem blocks are written with O_DIRECT, through libc: Java can
 * open a file for direct I/O but can neither reserve its space nor turn direct I/O off again, and
 * both are needed for a length that is not a multiple of the block (see {@link #write}).
 */
final class UncachedFile {
    private static final int F_SETFL = 4;
    private static final int FALLOC_FL_KEEP_SIZE = 1;
    private static final int O_DIRECT = directFlag(System.getProperty("os.arch", ""));

    private UncachedFile() {
    }

    /** O_DIRECT differs between architectures; 0 where it is not known here. */
    private static int directFlag(String arch) {
        return switch (arch) {
            case "amd64", "x86_64" -> 040000;
            case "aarch64" -> 0200000;
            default -> 0;
        };
    }

    /** Whether this platform can write uncached files. */
    static boolean available() {
        return Libc.C != null && O_DIRECT != 0 && System.getProperty("os.name", "").equals("Linux");
    }

    /**
     * Creates target (which must not exist) holding {@code length} bytes of buf, a direct buffer whose
     * address is aligned to {@code align} and whose capacity covers length rounded up to it. The space
     * is reserved first, so the blocks are contiguous; the whole blocks go to the device and the tail
     * through the page cache (padding the last block and cutting the file back would make ext4 read
     * that block back from disk to zero its end).
     */
    static void write(Path target, ByteBuffer data, int length, int align) throws IOException {
        ByteBuffer buf = data.duplicate().clear(); // positions are relative: always pass offset-0 views
        int whole = length / align * align;
        int padded = padded(length, align);
        int fd = Libc.C.open(target.toString(), Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | O_DIRECT, 0666);
        if (fd < 0) {
            throw new IOException("open(O_DIRECT) of " + target + " failed: " + Libc.errno());
        }
        boolean ok = false;
        try {
            if (Libc.C.fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, padded) != 0) {
                throw new IOException("fallocate of " + target + " failed: " + Libc.errno());
            }
            if (whole > 0) {
                writeFully(fd, buf, 0, whole, target);
            }
            if (whole < length) {
                if (Libc.C.fcntl(fd, F_SETFL, Libc.O_WRONLY) != 0) {
                    throw new IOException("turning O_DIRECT off for " + target + " failed: " + Libc.errno());
                }
                ByteBuffer tail = buf.duplicate().position(whole).limit(length).slice();
                writeFully(fd, tail, whole, length - whole, target);
            }
            ok = true;
        } finally {
            if (Libc.C.close(fd) != 0 && ok) {
                throw new IOException("close of " + target + " failed: " + Libc.errno());
            }
        }
    }

    /** length rounded up to a whole number of align-sized blocks: what a file of length occupies. */
    static int padded(int length, int align) {
        return (length + align - 1) / align * align;
    }

    /** buf's bytes from its start (jnr-ffi passes a direct buffer's base address). */
    private static void writeFully(int fd, ByteBuffer buf, long offset, int count, Path target) throws IOException {
        int done = 0;
        while (done < count) {
            ByteBuffer from = done == 0 ? buf : buf.duplicate().position(done).slice();
            long n = Libc.C.pwrite(fd, from, count - done, offset + done);
            if (n <= 0) {
                throw new IOException("write to " + target + " failed: " + Libc.errno());
            }
            done += (int) n;
        }
    }
}
