package dev.vipfs.fs.bench;

import dev.vipfs.fs.mount.MountOptions;
import java.nio.file.Path;
import jnr.ffi.Pointer;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * The floor under every vipfs read: a jnr-fuse filesystem on the same mount options whose one
 * file, {@code /data}, is served from a byte array in memory (one copy into the reply, no store,
 * hash or cipher). What a job reaches here is what the JVM + jnr-fuse + libfuse 2 transport
 * allows on this machine; bench/nullfuse measures it beside gocryptfs.
 *
 * <p>Usage: {@code NullFuse MOUNTPOINT SIZE_MIB}; serves until {@code fusermount -u}, then exits.
 */
public final class NullFuse extends FuseStubFS {
    private static final byte[] SEGMENT = new byte[1 << 20];
    private final long size;

    private NullFuse(long size) {
        this.size = size;
    }

    @Override
    public int getattr(String path, FileStat stat) {
        if (path.equals("/")) {
            stat.st_mode.set(FileStat.S_IFDIR | 0555);
            stat.st_nlink.set(2);
            return 0;
        }
        if (path.equals("/data")) {
            stat.st_mode.set(FileStat.S_IFREG | 0444);
            stat.st_nlink.set(1);
            stat.st_size.set(size);
            return 0;
        }
        return -ErrorCodes.ENOENT();
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filter, @off_t long offset, FuseFileInfo fi) {
        filter.apply(buf, ".", null, 0);
        filter.apply(buf, "..", null, 0);
        filter.apply(buf, "data", null, 0);
        return 0;
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        return path.equals("/data") ? 0 : -ErrorCodes.ENOENT();
    }

    @Override
    public int read(String path, Pointer buf, @size_t long want, @off_t long offset, FuseFileInfo fi) {
        if (offset >= size) {
            return 0;
        }
        int n = (int) Math.min(Math.min(want, size - offset), SEGMENT.length);
        buf.put(0, SEGMENT, 0, n);
        return n;
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: NullFuse MOUNTPOINT SIZE_MIB");
            System.exit(2);
        }
        NullFuse fs = new NullFuse(Long.parseLong(args[1]) << 20);
        fs.mount(Path.of(args[0]), true, false, MountOptions.builder().build().toFuseArgs());
    }
}
