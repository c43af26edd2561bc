package dev.vipfs.fs.bench;

import dev.vipfs.fs.fuse.SessionLoop;
import dev.vipfs.fs.mount.MountOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
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
 * <p>With ENTRIES, {@code /dir} holds that many small files named as bench/inputs names the HAMT
 * row's, answered from memory: the floor under {@code ls -l} of a large directory. Foreign
 * extended attributes are answered as vipfs answers them (ENOTSUP), so the kernel asks the same.
 *
 * <p>With {@code --leaf-work}, every read does what verifying and decrypting each leaf costs any
 * design ({@link LeafWork}: SHA-256 and AES-GCM of every covered 65,552-byte leaf, once per leaf for a
 * sequential reader) instead of the bare copy: the design's floor under a sequential read. With
 * {@code --leaf-file PATH} as well, the leaves are read from that file ({@link LeafFile}, written
 * first if it does not hold them) for every leaf opened: the floor under a cold read, sequential or
 * random, where the page cache and the device count as they do for vipfs's packs.
 *
 * <p>With {@code --vipfs-timeouts}, the kernel caches names and attributes as a default
 * {@code vipfs mount} lets it (1 s; 0 with {@code --allow-other}), so {@code ls -l} sends the same
 * requests per entry as on vipfs (one LOOKUP, no GETATTR); without it nothing is cached.
 *
 * <p>Usage: {@code NullFuse MOUNTPOINT SIZE_MIB [ENTRIES] [--leaf-work [--leaf-file PATH]] [--vipfs-timeouts [--allow-other]]};
 * serves until {@code fusermount -u}, then exits (with --leaf-work, saying how many leaves it opened).
 */
public final class NullFuse extends FuseStubFS {
    private static final byte[] SEGMENT = new byte[1 << 20];
    private static final String DIR = "/dir";
    private final long size;
    private final List<String> names = new ArrayList<>();
    private final Set<String> paths = new HashSet<>();
    private final LeafWork work;
    private final LongAdder getattrs = new LongAdder();

    NullFuse(long size, int entries, boolean leafWork) {
        this(size, entries, leafWork, null);
    }

    NullFuse(long size, int entries, boolean leafWork, Path leafFile) {
        this.size = size;
        this.work = leafWork ? new LeafWork(size, leafFile) : null;
        for (int i = 1; i <= entries; i++) {
            String name = String.format("entry-%06d-0123456789abcdef.txt", i);
            names.add(name);
            paths.add(DIR + "/" + name);
        }
    }

    @Override
    public int getattr(String path, FileStat stat) {
        getattrs.increment();
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
        if (!names.isEmpty() && path.equals(DIR)) {
            stat.st_mode.set(FileStat.S_IFDIR | 0555);
            stat.st_nlink.set(2);
            return 0;
        }
        if (paths.contains(path)) {
            stat.st_mode.set(FileStat.S_IFREG | 0444);
            stat.st_nlink.set(1);
            stat.st_size.set(path.length() - DIR.length());
            return 0;
        }
        return -ErrorCodes.ENOENT();
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filter, @off_t long offset, FuseFileInfo fi) {
        filter.apply(buf, ".", null, 0);
        filter.apply(buf, "..", null, 0);
        if (path.equals(DIR)) {
            for (String n : names) {
                filter.apply(buf, n, null, 0);
            }
            return 0;
        }
        filter.apply(buf, "data", null, 0);
        if (!names.isEmpty()) {
            filter.apply(buf, DIR.substring(1), null, 0);
        }
        return 0;
    }

    @Override
    public int getxattr(String path, String name, Pointer value, @size_t long size) {
        return name.startsWith("user.") ? -ErrorCodes.ENODATA() : -ErrorCodes.EOPNOTSUPP();
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        return path.equals("/data") ? 0 : -ErrorCodes.ENOENT();
    }

    @Override
    public int read(String path, Pointer buf, @size_t long want, @off_t long offset, FuseFileInfo fi) {
        if (work != null) {
            int n = work.read(buf, want, offset);
            return n < 0 ? -ErrorCodes.EIO() : n;
        }
        if (offset >= size) {
            return 0;
        }
        int n = (int) Math.min(Math.min(want, size - offset), SEGMENT.length);
        buf.put(0, SEGMENT, 0, n);
        return n;
    }

    /** Served as vipfs serves: on {@link SessionLoop}'s Java worker threads, so the floor pays what vipfs pays. */
    @Override
    public void mount(Path mountPoint, boolean blocking, boolean debug, String[] options) {
        new SessionLoop().serve(fuseOperations, SessionLoop.arguments("nullfuse", mountPoint, debug, options));
    }

    /** getattr callbacks so far (LOOKUP and GETATTR both arrive here). */
    long getattrCalls() {
        return getattrs.sum();
    }

    /** Leaves hashed and opened so far; 0 without --leaf-work. */
    long leavesOpened() {
        return work == null ? 0 : work.opened();
    }

    public static void main(String[] args) {
        List<String> a = new ArrayList<>(List.of(args));
        boolean leafWork = a.remove("--leaf-work");
        boolean vipfsTimeouts = a.remove("--vipfs-timeouts");
        boolean allowOther = a.remove("--allow-other");
        int f = a.indexOf("--leaf-file");
        Path leafFile = f >= 0 && f + 1 < a.size() ? Path.of(a.remove(f + 1)) : null;
        if (f >= 0) {
            a.remove(f);
        }
        if ((a.size() != 2 && a.size() != 3) || (allowOther && !vipfsTimeouts) || (f >= 0 && (leafFile == null || !leafWork))) {
            System.err.println("usage: NullFuse MOUNTPOINT SIZE_MIB [ENTRIES] [--leaf-work [--leaf-file PATH]] [--vipfs-timeouts [--allow-other]]");
            System.exit(2);
        }
        NullFuse fs = new NullFuse(Long.parseLong(a.get(1)) << 20, a.size() == 3 ? Integer.parseInt(a.get(2)) : 0, leafWork, leafFile);
        String[] options = vipfsTimeouts ? VipfsMountOptions.fuseArgs(allowOther) : MountOptions.builder().build().toFuseArgs();
        fs.mount(Path.of(a.get(0)), true, false, options);
        if (leafWork) {
            System.err.println("nullfuse: " + fs.leavesOpened() + " leaves hashed and opened");
        }
    }
}
