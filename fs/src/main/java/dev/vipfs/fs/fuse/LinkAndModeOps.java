package dev.vipfs.fs.fuse;

import dev.vipfs.fs.catalog.EntryAttributes;
import dev.vipfs.fs.catalog.NamespaceException;
import dev.vipfs.fs.catalog.NamespacePaths;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.fs.path.SymlinkTargets;
import dev.vipfs.fs.write.WritableNamespace;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseOperations;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * chmod, utimensat, symlink and readlink: the permission bits, times and links MOUNT/data keeps
 * (issue #18), and readlink in content by CID. Policy first, as everywhere: changing an entry's
 * mode or times needs update, a link needs create, reading a link's target needs read, as reading
 * a file does. No operation here ever resolves a target: the kernel follows links for the program.
 */
final class LinkAndModeOps {
    /** utimensat's special tv_nsec values, which libfuse passes through. */
    private static final long UTIME_NOW = (1L << 30) - 1;
    private static final long UTIME_OMIT = (1L << 30) - 2;

    private final MountServices s;
    private final WritableNamespace ns;

    LinkAndModeOps(MountServices s, WritableNamespace ns) {
        this.s = s;
        this.ns = ns;
    }

    void chmod(Caller caller, String path, long mode) throws IOException, NamespaceException {
        s.gate.require(caller, policyPath(path), Operation.UPDATE, null);
        ns.stat(path).orElseThrow(() -> notFound(path));
        ns.setAttributes(path, (int) (mode & EntryAttributes.PERMISSIONS), null, null);
    }

    void utimens(Caller caller, String path, Timespec[] ts) throws IOException, NamespaceException {
        s.gate.require(caller, policyPath(path), Operation.UPDATE, null);
        ns.stat(path).orElseThrow(() -> notFound(path));
        Instant now = Instant.now();
        ns.setAttributes(path, -1, time(ts, 1, now), time(ts, 0, now));
    }

    /**
     * Sets fuse_operations.flag_utime_omit_ok (bit 2 of the flag word after libfuse 2.9's 38
     * operation pointers, which jnr-fuse declares as opaque padding): without it libfuse drops a
     * utimensat that sets one time only (tar -x sets the mtime and leaves the atime) and answers success.
     */
    static void acceptSingleTimes(FuseOperations ops) {
        jnr.ffi.Pointer mem = jnr.ffi.Struct.getMemory(ops);
        long flags = 38L * jnr.ffi.Runtime.getSystemRuntime().addressSize();
        mem.putByte(flags, (byte) (mem.getByte(flags) | 0x4));
    }

    /** ts[0] is the access time, ts[1] the modification time; null: leave it. */
    private static Instant time(Timespec[] ts, int i, Instant now) {
        if (ts == null || ts.length <= i || ts[i] == null) {
            return now;
        }
        long nanos = ts[i].tv_nsec.longValue();
        if (nanos == UTIME_OMIT) {
            return null;
        }
        if (nanos == UTIME_NOW) {
            return now;
        }
        return Instant.ofEpochSecond(ts[i].tv_sec.get(), nanos);
    }

    /**
     * mknod of a FIFO, socket or device node: recorded as a name (the kernel runs FIFOs and sockets
     * itself, and a FUSE mount is nodev, so no device is ever opened through it). Regular files are
     * made by VipfsFuse as empty files; anything else is EPERM.
     */
    void mknod(Caller caller, String path, long mode, long rdev) throws IOException, NamespaceException, WriteOps.OwnershipException {
        String kind = switch ((int) mode & FileStat.S_IFMT) {
            case FileStat.S_IFIFO -> "fifo";
            case FileStat.S_IFSOCK -> "socket";
            case FileStat.S_IFCHR -> "char";
            case FileStat.S_IFBLK -> "block";
            default -> throw new WriteOps.OwnershipException("mknod of mode " + Long.toOctalString(mode) + " is not a node vipfs keeps");
        };
        s.gate.require(caller, policyPath(path), Operation.CREATE, null);
        ns.mknod(path, kind, (int) (mode & EntryAttributes.PERMISSIONS), kind.equals("char") || kind.equals("block") ? rdev : 0);
    }

    private static int typeBits(String special) {
        return switch (special) {
            case "fifo" -> FileStat.S_IFIFO;
            case "socket" -> FileStat.S_IFSOCK;
            case "char" -> FileStat.S_IFCHR;
            default -> FileStat.S_IFBLK;
        };
    }

    void symlink(Caller caller, String target, String path) throws IOException, NamespaceException {
        s.gate.require(caller, policyPath(path), Operation.CREATE, null);
        ns.symlink(path, target);
    }

    /** The target of a link in MOUNT/data. */
    String readlink(Caller caller, String path) throws IOException, NamespaceException {
        s.gate.require(caller, policyPath(path), Operation.READ, null);
        Optional<String> target = ns.readlink(path);
        if (target.isEmpty()) {
            throw notFound(path);
        }
        if (hiddenTarget(s, policyPath(path), target.get())) {
            throw notFound(path);
        }
        return target.get();
    }

    /** The target of a link in content by CID: read like a file's content, never followed. */
    String readlink(Caller caller, MountPath path) throws IOException, MountPath.NotACidException {
        String target = s.reader.readSymlink(s.access.authorize(caller, path, Operation.READ));
        if (hiddenTarget(s, path.policyPath(), target)) {
            throw new dev.vipfs.fs.path.NoSuchLinkException(path.raw() + " is a link out of the mount, hidden by hide_escaping_symlinks");
        }
        return target;
    }

    /** Whether an entry of MOUNT/data is a link this mount hides (not listed, looked up as absent). */
    static boolean hidden(MountServices s, String path, WritableNamespace.Stat st) {
        return st.symlink() && hiddenTarget(s, policyPath(path), st.target());
    }

    static boolean hiddenTarget(MountServices s, String policyPath, String target) {
        return s.hideEscapingSymlinks && SymlinkTargets.escapes(policyPath, target);
    }

    /** Mode, size and times of a MOUNT/data entry as stat shows them. */
    static void fill(FileStat stat, WritableNamespace.Stat st) {
        if (st.directory()) {
            stat.st_mode.set(FileStat.S_IFDIR | st.mode());
            // "." and the entry in the parent, plus each subdirectory's "..".
            stat.st_nlink.set(2 + st.subdirectories());
        } else if (st.symlink()) {
            stat.st_mode.set(FileStat.S_IFLNK | 0777);
            stat.st_nlink.set(1);
        } else if (st.special() != null) {
            stat.st_mode.set(typeBits(st.special()) | st.mode());
            stat.st_nlink.set(1);
            stat.st_rdev.set(st.rdev());
        } else {
            stat.st_mode.set(FileStat.S_IFREG | st.mode());
            stat.st_nlink.set(1);
            stat.st_blocks.set((st.size() + 511) / 512);
            stat.st_blksize.set(128 * 1024);
        }
        stat.st_size.set(st.size());
        stat.st_mtim.tv_sec.set(st.mtime().getEpochSecond());
        stat.st_mtim.tv_nsec.set(st.mtime().getNano());
        stat.st_ctim.tv_sec.set(st.ctime().getEpochSecond());
        stat.st_ctim.tv_nsec.set(st.ctime().getNano());
        stat.st_atim.tv_sec.set(st.atime().getEpochSecond());
        stat.st_atim.tv_nsec.set(st.atime().getNano());
    }

    private static String policyPath(String ns) {
        return NamespacePaths.policyPath(ns);
    }

    private static NamespaceException notFound(String path) {
        return new NamespaceException(NamespaceException.Kind.NOT_FOUND, "no such file or directory: 'data/" + path + "'");
    }
}
