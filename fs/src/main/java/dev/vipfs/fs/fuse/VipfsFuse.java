package dev.vipfs.fs.fuse;

import dev.vipfs.fs.write.WritableNamespace;
import dev.vipfs.policy.Caller;
import java.nio.file.Path;
import java.util.function.Supplier;
import jnr.ffi.Pointer;
import jnr.ffi.types.gid_t;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.uid_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.FuseException;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The FUSE edge: each callback classifies its path once ({@link TreePath}), hands the request to
 * the tree it lies in ({@link ContentTree} or {@link DataTree}) and turns a failure into errno
 * through {@link Errno}.
 */
public final class VipfsFuse extends FuseStubFS {
    /** The exit status when mount initialisation fails (the CLI's ExitCodes.INIT_FAILED). */
    public static final int INIT_FAILED_EXIT = 70;

    private static final Logger LOG = LoggerFactory.getLogger(VipfsFuse.class);
    private static final long MAX_READ = 4L << 20;

    private final MountServices s;
    private final TreeDispatch d;
    private final Runnable onInit;

    /**
     * A mount of the given parts whose MOUNT/data is the given writable namespace (null: read-only
     * mount); the parts' name index is expected to cover that namespace's catalogue.
     */
    public VipfsFuse(MountParts parts, WritableNamespace namespace, Runnable onInit) {
        this.s = new MountServices(parts);
        s.names.startBuilding();
        LinkAndModeOps links = new LinkAndModeOps(s, namespace);
        DataTree data = namespace == null ? null : new DataTree(new WriteOps(s, namespace), new DataFileOps(s, namespace), links);
        LinkAndModeOps.acceptSingleTimes(fuseOperations);
        this.d = new TreeDispatch(s, new ContentTree(s, links, namespace != null), data, callerFromContext());
        this.onInit = onInit;
    }

    /**
     * {@link MountWarmup}'s shadow edge: read-only, never mounted, served only through
     * {@link #loopback}; its caller is the one libfuse reports, as on a mount.
     */
    VipfsFuse(MountParts parts) {
        this.s = new MountServices(parts);
        LinkAndModeOps links = new LinkAndModeOps(s, null);
        this.d = new TreeDispatch(s, new ContentTree(s, links, false), null, callerFromContext());
        this.onInit = () -> { };
    }

    /** Who calls, as libfuse reports it; one lambda class for both edges, so the warm-up's profile is the mount's. */
    private Supplier<Caller> callerFromContext() {
        return () -> s.callers.of(getContext());
    }

    /** A session of this edge over a socketpair, its requests from {@code uid}/{@code gid} ({@link LoopbackKernel}). */
    LoopbackKernel loopback(int uid, int gid, long replyTimeoutMillis) {
        return LoopbackKernel.start(fuseOperations, s.files::immutable, uid, gid, replyTimeoutMillis);
    }

    /** Serves MOUNT/by-name and MOUNT/ipns from {@code roots} (built over this mount's path resolver). */
    public void serveNamed(dev.vipfs.fs.named.NamedRoots roots) {
        d.content().serveNamed(roots);
    }

    /** Links whose target leaves the mount look absent (for web serving; docs/security.md "Symlinks"). */
    public void hideEscapingSymlinks(boolean hide) {
        s.hideEscapingSymlinks = hide;
    }

    @Override
    protected String getFSName() {
        return "vipfs";
    }

    /** jnr-fuse's blocking mount (same command line, unmount on JVM shutdown) on {@link SessionLoop}'s threads. */
    @Override
    public void mount(Path mountPoint, boolean blocking, boolean debug, String[] options) {
        if (!blocking || !mounted.compareAndSet(false, true)) {
            throw new FuseException(blocking ? "already mounted" : "vipfs mounts are always blocking");
        }
        this.mountPoint = mountPoint;
        java.lang.Runtime.getRuntime().addShutdownHook(new Thread(this::umount, "vipfs-unmount"));
        try {
            // An immutable handle is never written and holds no locks: its close needs no FLUSH.
            new SessionLoop(s.files::immutable)
                    .serve(fuseOperations, SessionLoop.arguments(getFSName(), mountPoint, debug, options));
        } finally {
            mounted.set(false);
        }
    }

    @Override
    public Pointer init(Pointer conn) {
        if (d.data() != null && conn != null) {
            ConnectionInit.wantAtomicTruncate(conn);
        }
        try {
            onInit.run();
            if (conn != null) {
                ConnectionInit.uncapReadAhead(conn); // onInit may have widened the mount's read_ahead_kb
            }
        } catch (RuntimeException | Error e) {
            // Serving even one request in an unintended state is worse than not serving at all;
            // the auto_unmount watchdog removes the mount when this process ends.
            LOG.error("mount initialisation failed, exiting: {}", e.getMessage());
            System.err.println("vipfs: mount initialisation failed: " + e.getMessage());
            Runtime.getRuntime().halt(INIT_FAILED_EXIT);
        }
        return null;
    }

    // Callbacks. The five with metrics are timed by the entry points at the end.

    private int getattrUntimed(String path, FileStat stat) {
        return d.on("getattr", path, (t, r, p) -> t.getattr(r, p, stat));
    }

    private int readdirUntimed(String path, Pointer buf, FuseFillDir filler, long offset, FuseFileInfo fi) {
        return d.on("readdir", path, (t, r, p) -> Replies.listing(buf, filler, t.readdir(r, p)));
    }

    private int openUntimed(String path, FuseFileInfo fi) {
        return d.on("open", path, (t, r, p) -> t.open(r, p, fi));
    }

    private int readUntimed(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        TreePath p = d.parse(path);
        // The request context is not meaningful here for auditing a second time; open was audited.
        return d.serve("read", path, Request.onHandle(null),
                () -> d.tree(p).read(fi.fh.get(), offset, buf, (int) Math.min(size, MAX_READ)));
    }

    private int writeUntimed(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        TreePath p = d.parse(path);
        long fh = fi.fh.get();
        return d.serve("write", path, d.onHandle(fh),
                () -> d.tree(p).write(fh, offset, buf, (int) Math.min(size, Integer.MAX_VALUE - 8)));
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        long fh = fi.fh.get();
        Request r = d.onHandle(fh);
        if (r.identified() == null) {
            d.content().release(fh);
            return 0;
        }
        // No request context in release: failures are audited under the caller captured at open.
        return d.perform("release", path, r, () -> d.data().release(fh));
    }

    @Override
    public int create(String path, @mode_t long mode, FuseFileInfo fi) {
        return d.on("create", path, (t, r, p) -> t.create(r, p, mode, fi));
    }

    @Override
    public int flush(String path, FuseFileInfo fi) {
        return d.on("flush", path, (t, r, p) -> t.commit(r, p, fi.fh.get(), false));
    }

    @Override
    public int fsync(String path, int isdatasync, FuseFileInfo fi) {
        return d.on("fsync", path, (t, r, p) -> t.commit(r, p, fi.fh.get(), true));
    }

    @Override
    public int truncate(String path, @off_t long size) {
        return d.on("truncate", path, (t, r, p) -> t.truncate(r, p, size));
    }

    @Override
    public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
        return d.on("ftruncate", path, (t, r, p) -> t.ftruncate(r, p, fi.fh.get(), size));
    }

    @Override
    public int mkdir(String path, @mode_t long mode) {
        return d.on("mkdir", path, (t, r, p) -> t.mkdir(r, p, mode));
    }

    @Override
    public int rmdir(String path) {
        return d.on("rmdir", path, (t, r, p) -> t.unlink(r, p, true));
    }

    @Override
    public int unlink(String path) {
        return d.on("unlink", path, (t, r, p) -> t.unlink(r, p, false));
    }

    @Override
    public int rename(String oldpath, String newpath) {
        return d.rename(oldpath, newpath);
    }

    @Override
    public int link(String oldpath, String newpath) {
        return d.link(oldpath, newpath);
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        return d.on("utimens", path, (t, r, p) -> t.utimens(r, p, timespec));
    }

    @Override
    public int chmod(String path, @mode_t long mode) {
        return d.on("chmod", path, (t, r, p) -> t.chmod(r, p, mode));
    }

    @Override
    public int chown(String path, @uid_t long uid, @gid_t long gid) {
        return d.on("chown", path, (t, r, p) -> t.chown(r, p, uid, gid));
    }

    @Override
    public int mknod(String path, @mode_t long mode, long rdev) {
        return d.on("mknod", path, (t, r, p) -> t.mknod(r, p, mode, rdev));
    }

    @Override
    public int symlink(String target, String path) {
        return d.on("symlink", path, (t, r, p) -> t.symlink(r, target, p));
    }

    @Override
    public int access(String path, int mask) {
        return d.on("access", path, (t, r, p) -> t.access(r, p, mask));
    }

    @Override
    public int readlink(String path, Pointer buf, @size_t long size) {
        return d.on("readlink", path, (t, r, p) -> Replies.linkTarget(t.readlink(r, p), buf, size));
    }

    @Override
    public int getxattr(String path, String name, Pointer value, @size_t long size) {
        if (!name.startsWith("user.vipfs.")) {
            // ls -l asks every entry for ACLs and security labels; none exist here, and answering
            // without a policy decision and an audit line keeps large listings fast.
            return Errno.foreignAttribute(name);
        }
        return d.answer("getxattr", path, (t, r, p) -> Replies.attributeValue(t.attributes(r, p).get(name), value, size));
    }

    @Override
    public int listxattr(String path, Pointer list, @size_t long size) {
        return d.answer("listxattr", path, (t, r, p) -> Replies.attributeNames(t.attributes(r, p).keySet(), list, size));
    }

    @Override
    public int statfs(String path, Statvfs stbuf) {
        stbuf.f_bsize.set(128 * 1024);
        stbuf.f_frsize.set(128 * 1024);
        stbuf.f_namemax.set(255);
        return 0;
    }

    // Timed entry points: latency and byte counts for `vipfs status` and --metrics (FuseMetrics).

    @Override
    public int getattr(String path, FileStat stat) {
        return FuseMetrics.timed("getattr", System.nanoTime(), getattrUntimed(path, stat));
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
        return FuseMetrics.timed("readdir", System.nanoTime(), readdirUntimed(path, buf, filler, offset, fi));
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        return FuseMetrics.timed("open", System.nanoTime(), openUntimed(path, fi));
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return FuseMetrics.read(System.nanoTime(), readUntimed(path, buf, size, offset, fi));
    }

    @Override
    public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return FuseMetrics.written(System.nanoTime(), writeUntimed(path, buf, size, offset, fi));
    }
}
