package dev.vipfs.fs.fuse;

import dev.vipfs.crypto.keys.KeyResolver;
import dev.vipfs.fs.access.AccessGate;
import dev.vipfs.fs.catalog.Catalog;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.ipfs.unixfs.UnixfsReader;
import dev.vipfs.policy.Caller;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;

/** The FUSE edge: decodes requests, delegates to the op groups and turns exceptions into errno. */
public final class VipfsFuse extends FuseStubFS {
    private static final Logger LOG = LoggerFactory.getLogger(VipfsFuse.class);
    private static final int O_ACCMODE = 3;
    private static final int O_RDONLY = 0;
    // libfuse 2.9 struct fuse_file_info: the direct_io/keep_cache bitfield sits in byte 20, which
    // jnr-fuse's field names do not match.
    private static final int FLAGS_BYTE = 20;
    private static final int KEEP_CACHE = 0x2;

    private final MountServices s;
    private final AttrOps attrs;
    private final DirOps dirs;
    private final FileOps files;
    private final XattrOps xattrs;
    private final Runnable onInit;

    public VipfsFuse(UnixfsReader reader, KeyResolver keys, AccessGate gate, Catalog catalog,
                     boolean allowPlaintext, long segmentCacheBytes, Runnable onInit) {
        this.s = new MountServices(reader, keys, gate, catalog, allowPlaintext, segmentCacheBytes);
        this.attrs = new AttrOps(s);
        this.dirs = new DirOps(s);
        this.files = new FileOps(s);
        this.xattrs = new XattrOps(s);
        this.onInit = onInit;
    }

    @Override
    protected String getFSName() {
        return "vipfs";
    }

    @Override
    public Pointer init(Pointer conn) {
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

    @Override
    public int getattr(String path, FileStat stat) {
        Caller caller = null;
        try {
            caller = caller();
            attrs.getattr(caller, MountPath.parse(path), stat);
            return 0;
        } catch (Exception | Error e) {
            return fail("getattr", path, caller, e);
        }
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
        Caller caller = null;
        try {
            caller = caller();
            List<String> names = dirs.readdir(caller, MountPath.parse(path));
            filler.apply(buf, ".", null, 0);
            filler.apply(buf, "..", null, 0);
            for (String name : names) {
                if (filler.apply(buf, name, null, 0) != 0) {
                    break;
                }
            }
            return 0;
        } catch (Exception | Error e) {
            return fail("readdir", path, caller, e);
        }
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        if ((fi.flags.get() & O_ACCMODE) != O_RDONLY) {
            return -ErrorCodes.EROFS();
        }
        Caller caller = null;
        try {
            caller = caller();
            long fh = files.open(caller, MountPath.parse(path));
            fi.fh.set(fh);
            Pointer raw = Struct.getMemory(fi);
            raw.putByte(FLAGS_BYTE, (byte) (raw.getByte(FLAGS_BYTE) | KEEP_CACHE));
            return 0;
        } catch (FileOps.IsDirectoryException e) {
            return -ErrorCodes.EISDIR();
        } catch (Exception | Error e) {
            return fail("open", path, caller, e);
        }
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        try {
            int len = (int) Math.min(size, 4L << 20);
            byte[] data = new byte[len];
            int n = files.read(fi.fh.get(), offset, data, len);
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
        files.release(fi.fh.get());
        return 0;
    }

    @Override
    public int readlink(String path, Pointer buf, @size_t long size) {
        Caller caller = null;
        try {
            caller = caller();
            String target = files.readlink(caller, MountPath.parse(path));
            byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.min(bytes.length, size - 1);
            buf.put(0, bytes, 0, n);
            buf.putByte(n, (byte) 0);
            return 0;
        } catch (Exception | Error e) {
            return fail("readlink", path, caller, e);
        }
    }

    @Override
    public int getxattr(String path, String name, Pointer value, @size_t long size) {
        Caller caller = null;
        try {
            caller = caller();
            String v = xattrs.attributes(caller, MountPath.parse(path)).get(name);
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
            return fail("getxattr", path, caller, e);
        }
    }

    @Override
    public int listxattr(String path, Pointer list, @size_t long size) {
        Caller caller = null;
        try {
            caller = caller();
            Map<String, String> all = xattrs.attributes(caller, MountPath.parse(path));
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
            return fail("listxattr", path, caller, e);
        }
    }

    @Override
    public int statfs(String path, Statvfs stbuf) {
        stbuf.f_bsize.set(128 * 1024);
        stbuf.f_frsize.set(128 * 1024);
        stbuf.f_namemax.set(255);
        return 0;
    }
}
