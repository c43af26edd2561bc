package dev.vipfs.fs.fuse;

import dev.vipfs.policy.Caller;
import java.util.List;
import java.util.Map;
import jnr.ffi.Pointer;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The writable tree MOUNT/data: opens and directory changes through {@link WriteOps}, what is done
 * with an open file through {@link DataFileOps}, links, modes and times through
 * {@link LinkAndModeOps}; each checks the policy on "data/…" first.
 */
final class DataTree implements FuseTree {
    private final WriteOps writes;
    private final DataFileOps files;
    private final LinkAndModeOps links;

    DataTree(WriteOps writes, DataFileOps files, LinkAndModeOps links) {
        this.writes = writes;
        this.files = files;
        this.links = links;
    }

    /** The namespace path of p, which the edge routes here only when it lies in data/. */
    private static String ns(TreePath p) {
        return ((TreePath.Data) p).nsPath();
    }

    /** The caller captured when fh was opened here, or null if fh is not one of this tree's handles. */
    Caller callerOf(long fh) {
        return files.callerOf(fh);
    }

    @Override
    public void getattr(Request r, TreePath p, FileStat stat) throws Exception {
        writes.getattr(r.caller(), ns(p), stat);
    }

    @Override
    public List<String> readdir(Request r, TreePath p) throws Exception {
        return writes.readdir(r.caller(), ns(p));
    }

    @Override
    public void open(Request r, TreePath p, FuseFileInfo fi) throws Exception {
        fi.fh.set(writes.open(r.caller(), ns(p), fi.flags.get()));
        PageCache.bypassIfWriteOnly(fi);
    }

    @Override
    public void create(Request r, TreePath p, long mode, FuseFileInfo fi) throws Exception {
        fi.fh.set(writes.create(r.caller(), ns(p), fi.flags.get(), mode));
        PageCache.bypassIfWriteOnly(fi);
    }

    @Override
    public int read(long fh, long offset, Pointer buf, int len) throws Exception {
        return NativeBuffers.readThroughArray(buf, len, (data, n) -> files.read(fh, offset, data, n));
    }

    @Override
    public int write(long fh, long offset, Pointer buf, int len) throws Exception {
        return files.write(fh, offset, NativeBuffers.view(buf, len));
    }

    void release(long fh) throws Exception {
        files.release(fh);
    }

    @Override
    public void commit(Request r, TreePath p, long fh, boolean durable) throws Exception {
        r.caller(); // identified up front: a failure is audited under it
        files.commit(fh, durable);
    }

    @Override
    public void truncate(Request r, TreePath p, long size) throws Exception {
        writes.truncate(r.caller(), ns(p), size);
    }

    @Override
    public void ftruncate(Request r, TreePath p, long fh, long size) throws Exception {
        r.caller(); // identified up front: a failure is audited under it
        files.ftruncate(fh, size);
    }

    @Override
    public void mkdir(Request r, TreePath p, long mode) throws Exception {
        writes.mkdir(r.caller(), ns(p), mode);
    }

    @Override
    public void unlink(Request r, TreePath p, boolean directory) throws Exception {
        writes.unlink(r.caller(), ns(p), directory);
    }

    @Override
    public void rename(Request r, TreePath from, TreePath to) throws Exception {
        writes.rename(r.caller(), ns(from), ns(to));
    }

    @Override
    public void utimens(Request r, TreePath p, Timespec[] ts) throws Exception {
        links.utimens(r.caller(), ns(p), ts);
    }

    @Override
    public void chmod(Request r, TreePath p, long mode) throws Exception {
        links.chmod(r.caller(), ns(p), mode);
    }

    /** Also lchown: FUSE has one request for both; a link shows its caller as owner like any entry. */
    @Override
    public void chown(Request r, TreePath p, long uid, long gid) throws Exception {
        writes.chown(r.caller(), ns(p), uid, gid);
    }

    @Override
    public void mknod(Request r, TreePath p, long mode, long rdev) throws Exception {
        Caller c = r.caller();
        if ((mode & FileStat.S_IFMT) == FileStat.S_IFREG || (mode & FileStat.S_IFMT) == 0) {
            files.release(writes.create(c, ns(p), OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL, mode));
        } else {
            links.mknod(c, ns(p), mode, rdev);
        }
    }

    @Override
    public void symlink(Request r, String target, TreePath p) throws Exception {
        links.symlink(r.caller(), target, ns(p));
    }

    @Override
    public void access(Request r, TreePath p, int mask) throws Exception {
        writes.access(r.caller(), ns(p), mask);
    }

    @Override
    public String readlink(Request r, TreePath p) throws Exception {
        return links.readlink(r.caller(), ns(p));
    }

    @Override
    public Map<String, String> attributes(Request r, TreePath p) throws Exception {
        return writes.attributes(r.caller(), ns(p));
    }
}
