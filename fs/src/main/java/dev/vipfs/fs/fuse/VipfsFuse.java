package dev.vipfs.fs.fuse;

import dev.vipfs.crypto.keys.KeyResolver;
import dev.vipfs.fs.access.AccessGate;
import dev.vipfs.fs.catalog.Catalog;
import dev.vipfs.fs.write.WritableNamespace;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.ipfs.unixfs.UnixfsReader;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import jnr.ffi.types.gid_t;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.uid_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/** The FUSE edge: decodes requests, delegates to the op groups and turns exceptions into errno. */
public final class VipfsFuse extends FuseStubFS {
    private static final Logger LOG = LoggerFactory.getLogger(VipfsFuse.class);
    // libfuse 2.9 struct fuse_file_info: the direct_io/keep_cache bitfield sits in byte 20, which
    // jnr-fuse's field names do not match.
    private static final int FLAGS_BYTE = 20;
    private static final int DIRECT_IO = 0x1;
    private static final int KEEP_CACHE = 0x2;
    // libfuse 2.9 struct fuse_conn_info: unsigned capable at 20, want at 24.
    private static final int CONN_CAPABLE = 20;
    private static final int CONN_WANT = 24;
    private static final int CAP_ATOMIC_O_TRUNC = 1 << 3;

    private final MountServices s;
    private final AttrOps attrs;
    private final DirOps dirs;
    private final FileOps files;
    private final XattrOps xattrs;
    private final AccessOps accessOps;
    private final WriteOps writes;
    private final LinkAndModeOps links;
    private final Runnable onInit;
    private volatile NamedTreeOps named;

    /** A read-only mount: no MOUNT/data namespace. */
    public VipfsFuse(UnixfsReader reader, KeyResolver keys, AccessGate gate, Catalog catalog,
                     boolean allowPlaintext, long segmentCacheBytes, Runnable onInit) {
        this(reader, keys, gate, catalog, null, allowPlaintext, segmentCacheBytes, onInit);
    }

    /** A mount whose MOUNT/data is the given writable namespace (null: read-only mount). */
    public VipfsFuse(UnixfsReader reader, KeyResolver keys, AccessGate gate, Catalog catalog,
                     WritableNamespace namespace, boolean allowPlaintext, long segmentCacheBytes, Runnable onInit) {
        this.s = new MountServices(reader, keys, gate, catalog, namespace == null ? null : namespace.catalog(),
                allowPlaintext, segmentCacheBytes);
        s.names.startBuilding();
        this.writes = namespace == null ? null : new WriteOps(s, namespace);
        this.links = new LinkAndModeOps(s, namespace);
        LinkAndModeOps.acceptSingleTimes(fuseOperations);
        this.attrs = new AttrOps(s);
        this.dirs = new DirOps(s);
        this.files = new FileOps(s);
        this.xattrs = new XattrOps(s);
        this.accessOps = new AccessOps(s);
        this.onInit = onInit;
    }

    /** Serves MOUNT/by-name from {@code aliases} and MOUNT/ipns through {@code ipns} (either may be null). */
    public void serveNamed(dev.vipfs.fs.alias.AliasStore aliases, dev.vipfs.ipfs.ipns.NameResolver ipns) {
        this.named = new NamedTreeOps(s, new dev.vipfs.fs.named.NamedRoots(aliases, ipns, s.resolver));
    }

    private MountPath parse(Caller caller, String path) throws java.io.IOException, MountPath.NotACidException {
        NamedTreeOps n = named;
        return n != null && n.owns(path) ? n.parse(caller, path) : MountPath.parse(path);
    }

    @Override
    protected String getFSName() {
        return "vipfs";
    }

    @Override
    public Pointer init(Pointer conn) {
        if (writes != null && conn != null && (conn.getInt(CONN_CAPABLE) & CAP_ATOMIC_O_TRUNC) != 0) {
            // Without this the kernel turns open(O_TRUNC) into truncate+open, which would commit an
            // empty intermediate version and need a private key to reopen it.
            conn.putInt(CONN_WANT, conn.getInt(CONN_WANT) | CAP_ATOMIC_O_TRUNC);
        }
        try {
            onInit.run();
        } catch (RuntimeException | Error e) {
            // Serving even one request in an unintended state is worse than not serving at all;
            // the auto_unmount watchdog removes the mount when this process ends.
            LOG.error("mount initialisation failed, exiting: {}", e.getMessage());
            System.err.println("vipfs: mount initialisation failed: " + e.getMessage());
            Runtime.getRuntime().halt(70);
        }
        return null;
    }

    private Caller caller() {
        return s.callers.of(getContext());
    }

    private int fail(String op, String path, Caller caller, Throwable e) {
        int errno = Errno.of(e);
        FuseMetrics.failed(op, errno, e);
        if (Errno.expected(e)) {
            LOG.debug("{} {}: {}", op, path, e.getMessage());
        } else if (e instanceof RuntimeException) {
            LOG.error("{} {}: unexpected failure", op, path, e);
        } else {
            LOG.warn("{} {}: {}", op, path, e.getMessage());
        }
        if (!Errno.expected(e) && caller != null) {
            s.gate.recordError(caller, path.startsWith("/") ? path.substring(1) : path, op, null, String.valueOf(e.getMessage()));
        }
        return errno;
    }

    private boolean writable(String path) {
        return writes != null && WriteOps.owns(path);
    }

    private int failWrite(String op, String path, Caller caller, Throwable e) {
        int errno = WriteOps.errno(e);
        if (errno != 0) {
            LOG.debug("{} {}: {}", op, path, e.getMessage());
            return errno;
        }
        if (e instanceof WriteOps.NotOpenForWritingException) {
            return -ErrorCodes.EBADF();
        }
        if (e instanceof WriteOps.OwnershipException) {
            LOG.debug("{} {}: {}", op, path, e.getMessage());
            return -ErrorCodes.EPERM();
        }
        return fail(op, path, caller, e);
    }

    /** Everything the namespace does with one path and the caller of this request. */
    @FunctionalInterface
    private interface NsOp {
        void run(Caller caller, String nsPath) throws Exception;
    }

    private int onNamespace(String op, String path, NsOp body) {
        Caller caller = null;
        try {
            caller = caller();
            body.run(caller, WriteOps.nsPath(path));
            return 0;
        } catch (Exception | Error e) {
            return failWrite(op, path, caller, e);
        }
    }

    private int getattrUntimed(String path, FileStat stat) {
        if (writable(path)) {
            return onNamespace("getattr", path, (c, p) -> writes.getattr(c, p, stat));
        }
        Caller caller = null;
        try {
            caller = caller();
            if (named != null && named.isTopDirectory(path)) {
                named.getattrTop(caller, path, stat);
                return 0;
            }
            attrs.getattr(caller, parse(caller, path), stat);
            return 0;
        } catch (Exception | Error e) {
            return fail("getattr", path, caller, e);
        }
    }

    private int readdirUntimed(String path, Pointer buf, FuseFillDir filler, long offset, FuseFileInfo fi) {
        Caller caller = null;
        try {
            caller = caller();
            List<String> names;
            if (writable(path)) {
                names = writes.readdir(caller, WriteOps.nsPath(path));
            } else if (named != null && named.isTopDirectory(path)) {
                names = named.readdirTop(caller, path);
            } else {
                names = dirs.readdir(caller, parse(caller, path));
                if (writes != null && path.equals("/") && s.gate.permits(caller, WriteOps.DATA, Operation.LOOKUP)) {
                    names = new java.util.ArrayList<>(names);
                    names.add(0, WriteOps.DATA);
                }
                if (named != null && path.equals("/")) {
                    names = new java.util.ArrayList<>(names);
                    names.addAll(0, named.rootEntries(caller));
                }
            }
            filler.apply(buf, ".", null, 0);
            filler.apply(buf, "..", null, 0);
            for (String name : names) {
                if (filler.apply(buf, name, null, 0) != 0) {
                    break;
                }
            }
            return 0;
        } catch (Exception | Error e) {
            return writable(path) ? failWrite("readdir", path, caller, e) : fail("readdir", path, caller, e);
        }
    }

    private int openUntimed(String path, FuseFileInfo fi) {
        if (writable(path)) {
            return onNamespace("open", path, (c, p) -> {
                fi.fh.set(writes.open(c, p, fi.flags.get()));
                bypassPageCacheIfWriteOnly(fi);
            });
        }
        if (OpenFlags.accessMode(fi.flags.get()) != OpenFlags.O_RDONLY) {
            return -ErrorCodes.EROFS();
        }
        Caller caller = null;
        try {
            caller = caller();
            long fh = files.open(caller, parse(caller, path));
            fi.fh.set(fh);
            // A CID path's bytes never change; a name's may point elsewhere at the next open, and the
            // kernel_cache option would keep the old target's pages, so those bypass the page cache.
            Pointer raw = Struct.getMemory(fi);
            raw.putByte(FLAGS_BYTE, (byte) (raw.getByte(FLAGS_BYTE) | (named != null && named.owns(path) ? DIRECT_IO : KEEP_CACHE)));
            return 0;
        } catch (FileOps.IsDirectoryException e) {
            return -ErrorCodes.EISDIR();
        } catch (Exception | Error e) {
            return fail("open", path, caller, e);
        }
    }

    private int readUntimed(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        try {
            int len = (int) Math.min(size, 4L << 20);
            if (!writable(path) && buf.isDirect()) {
                // Decrypted segments go straight into libfuse's reply buffer: no array per request.
                return files.read(fi.fh.get(), offset, NativeBuffers.view(buf, len));
            }
            byte[] data = new byte[len];
            int n = writable(path) ? writes.read(fi.fh.get(), offset, data, len) : files.read(fi.fh.get(), offset, data, len);
            if (n > 0) {
                buf.put(0, data, 0, n);
            }
            return n;
        } catch (Exception | Error e) {
            // The request context is not meaningful here for auditing a second time; open was audited.
            return fail("read", path, null, e);
        }
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        long fh = fi.fh.get();
        if (writes != null && writes.callerOf(fh) != null) {
            // No request context in release: failures are audited under the caller captured at open.
            Caller caller = writes.callerOf(fh);
            try {
                writes.release(fh);
                return 0;
            } catch (Exception | Error e) {
                return failWrite("release", path, caller, e);
            }
        }
        files.release(fh);
        return 0;
    }

    @Override
    public int create(String path, @mode_t long mode, FuseFileInfo fi) {
        if (!writable(path)) {
            return -ErrorCodes.EROFS();
        }
        return onNamespace("create", path, (c, p) -> {
            fi.fh.set(writes.create(c, p, fi.flags.get(), mode));
            bypassPageCacheIfWriteOnly(fi);
        });
    }

    /**
     * A write-only handle can neither read nor be mapped, so caching its pages only costs: with
     * direct_io the kernel hands the writer's buffers to write() instead of first copying every byte
     * into page-cache pages of its own (a third copy of the file beside the spool and the blocks).
     */
    private static void bypassPageCacheIfWriteOnly(FuseFileInfo fi) {
        if (OpenFlags.accessMode(fi.flags.get()) == OpenFlags.O_WRONLY) {
            Pointer raw = Struct.getMemory(fi);
            raw.putByte(FLAGS_BYTE, (byte) (raw.getByte(FLAGS_BYTE) | DIRECT_IO));
        }
    }

    private int writeUntimed(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        if (!writable(path)) {
            return -ErrorCodes.EROFS();
        }
        try {
            int len = (int) Math.min(size, Integer.MAX_VALUE - 8);
            return writes.write(fi.fh.get(), offset, NativeBuffers.view(buf, len));
        } catch (Exception | Error e) {
            return failWrite("write", path, writes.callerOf(fi.fh.get()), e);
        }
    }

    @Override
    public int flush(String path, FuseFileInfo fi) {
        if (!writable(path)) {
            return 0;
        }
        return onNamespace("flush", path, (c, p) -> writes.commit(fi.fh.get(), false));
    }

    @Override
    public int fsync(String path, int isdatasync, FuseFileInfo fi) {
        if (!writable(path)) {
            return 0;
        }
        return onNamespace("fsync", path, (c, p) -> writes.commit(fi.fh.get(), true));
    }

    @Override
    public int truncate(String path, @off_t long size) {
        if (!writable(path)) {
            return -ErrorCodes.EROFS();
        }
        return onNamespace("truncate", path, (c, p) -> writes.truncate(c, p, size));
    }

    @Override
    public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
        if (!writable(path)) {
            return -ErrorCodes.EROFS();
        }
        return onNamespace("ftruncate", path, (c, p) -> writes.ftruncate(fi.fh.get(), size));
    }

    @Override
    public int mkdir(String path, @mode_t long mode) {
        if (!writable(path)) {
            return -ErrorCodes.EROFS();
        }
        return onNamespace("mkdir", path, (c, p) -> writes.mkdir(c, p, mode));
    }

    @Override
    public int rmdir(String path) {
        if (!writable(path)) {
            return -ErrorCodes.EROFS();
        }
        return onNamespace("rmdir", path, (c, p) -> writes.unlink(c, p, true));
    }

    @Override
    public int unlink(String path) {
        if (!writable(path)) {
            return -ErrorCodes.EROFS();
        }
        return onNamespace("unlink", path, (c, p) -> writes.unlink(c, p, false));
    }

    @Override
    public int rename(String oldpath, String newpath) {
        if (!writable(oldpath) && !writable(newpath)) {
            return -ErrorCodes.EROFS();
        }
        if (!writable(oldpath) || !writable(newpath)) {
            // Across the namespace boundary: mv falls back to copy + delete, which the policy then sees.
            return -ErrorCodes.EXDEV();
        }
        return onNamespace("rename", oldpath, (c, p) -> writes.rename(c, p, WriteOps.nsPath(newpath)));
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        if (!writable(path)) {
            return -ErrorCodes.EROFS();
        }
        return onNamespace("utimens", path, (c, p) -> links.utimens(c, p, timespec));
    }

    @Override
    public int chmod(String path, @mode_t long mode) {
        if (!writable(path)) {
            return -ErrorCodes.EROFS();
        }
        return onNamespace("chmod", path, (c, p) -> links.chmod(c, p, mode));
    }

    @Override
    public int chown(String path, @uid_t long uid, @gid_t long gid) {
        if (!writable(path)) {
            return -ErrorCodes.EROFS();
        }
        // Also lchown: FUSE has one request for both; a link shows its caller as owner like any entry.
        return onNamespace("chown", path, (c, p) -> writes.chown(c, p, uid, gid));
    }

    @Override
    public int link(String oldpath, String newpath) {
        if (!writable(oldpath) && !writable(newpath)) {
            return -ErrorCodes.EROFS();
        }
        // The catalogue maps each name to its own version history: no two names share one file.
        return -ErrorCodes.EPERM();
    }

    @Override
    public int access(String path, int mask) {
        if (writable(path)) {
            return onNamespace("access", path, (c, p) -> writes.access(c, p, mask));
        }
        Caller caller = null;
        try {
            caller = caller();
            if (named != null && named.isTopDirectory(path)) {
                return named.accessTop(caller, path, mask);
            }
            return accessOps.check(caller, parse(caller, path), mask);
        } catch (Exception | Error e) {
            return fail("access", path, caller, e);
        }
    }

    @Override
    public int readlink(String path, Pointer buf, @size_t long size) {
        Caller caller = null;
        try {
            caller = caller();
            String target = writable(path) ? links.readlink(caller, WriteOps.nsPath(path))
                    : links.readlink(caller, parse(caller, path));
            byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.min(bytes.length, size - 1);
            buf.put(0, bytes, 0, n);
            buf.putByte(n, (byte) 0);
            return 0;
        } catch (Exception | Error e) {
            return failWrite("readlink", path, caller, e);
        }
    }

    @Override
    public int mknod(String path, @mode_t long mode, long rdev) {
        if (!writable(path)) {
            return -ErrorCodes.EROFS();
        }
        return onNamespace("mknod", path, (c, p) -> {
            if ((mode & FileStat.S_IFMT) == FileStat.S_IFREG || (mode & FileStat.S_IFMT) == 0) {
                writes.release(writes.create(c, p, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL, mode));
            } else {
                links.mknod(c, p, mode, rdev);
            }
        });
    }

    @Override
    public int symlink(String target, String path) {
        if (!writable(path)) {
            return -ErrorCodes.EROFS();
        }
        return onNamespace("symlink", path, (c, p) -> links.symlink(c, target, p));
    }

    /** Links whose target leaves the mount look absent (for web serving; docs/security.md "Symlinks"). */
    public void hideEscapingSymlinks(boolean hide) {
        s.hideEscapingSymlinks = hide;
    }

    @Override
    public int getxattr(String path, String name, Pointer value, @size_t long size) {
        if (!name.startsWith("user.vipfs.")) {
            // ls -l asks every entry for ACLs and security labels; none exist here, and answering
            // without a policy decision and an audit line keeps large listings fast.
            return -ErrorCodes.ENODATA();
        }
        Caller caller = null;
        try {
            caller = caller();
            String v = (writable(path) ? writes.attributes(caller, WriteOps.nsPath(path))
                    : xattrs.attributes(caller, parse(caller, path))).get(name);
            if (v == null) {
                return -ErrorCodes.ENODATA();
            }
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            if (size == 0) {
                return bytes.length;
            }
            if (size < bytes.length) {
                return -ErrorCodes.ERANGE();
            }
            value.put(0, bytes, 0, bytes.length);
            return bytes.length;
        } catch (Exception | Error e) {
            return failWrite("getxattr", path, caller, e);
        }
    }

    @Override
    public int listxattr(String path, Pointer list, @size_t long size) {
        Caller caller = null;
        try {
            caller = caller();
            Map<String, String> all = writable(path) ? writes.attributes(caller, WriteOps.nsPath(path))
                    : xattrs.attributes(caller, parse(caller, path));
            StringBuilder names = new StringBuilder();
            for (String n : all.keySet()) {
                names.append(n).append('\0');
            }
            byte[] bytes = names.toString().getBytes(StandardCharsets.UTF_8);
            if (size == 0) {
                return bytes.length;
            }
            if (size < bytes.length) {
                return -ErrorCodes.ERANGE();
            }
            list.put(0, bytes, 0, bytes.length);
            return bytes.length;
        } catch (Exception | Error e) {
            return failWrite("listxattr", path, caller, e);
        }
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
