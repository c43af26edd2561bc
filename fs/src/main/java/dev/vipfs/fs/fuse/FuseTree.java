package dev.vipfs.fs.fuse;

import java.util.List;
import java.util.Map;
import jnr.ffi.Pointer;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The operations of one tree of the mount ({@link ContentTree}, {@link DataTree}). Failures are
 * exceptions; the edge ({@link VipfsFuse}) turns them into errno through {@link Errno}. Mutations
 * default to a refusal: only a writable tree overrides them.
 */
interface FuseTree {
    void getattr(Request r, TreePath p, FileStat stat) throws Exception;

    List<String> readdir(Request r, TreePath p) throws Exception;

    /** Opens p, setting the handle and the page-cache choice in fi. */
    void open(Request r, TreePath p, FuseFileInfo fi) throws Exception;

    int read(long fh, long offset, Pointer buf, int len) throws Exception;

    void access(Request r, TreePath p, int mask) throws Exception;

    String readlink(Request r, TreePath p) throws Exception;

    Map<String, String> attributes(Request r, TreePath p) throws Exception;

    default void create(Request r, TreePath p, long mode, FuseFileInfo fi) throws Exception {
        throw RefusedException.readOnly(p.fusePath());
    }

    default int write(long fh, long offset, Pointer buf, int len) throws Exception {
        throw RefusedException.readOnly("a file");
    }

    /** flush and fsync: nothing to do for a read-only tree. */
    default void commit(Request r, TreePath p, long fh, boolean durable) throws Exception { }

    default void truncate(Request r, TreePath p, long size) throws Exception {
        throw RefusedException.readOnly(p.fusePath());
    }

    default void ftruncate(Request r, TreePath p, long fh, long size) throws Exception {
        throw RefusedException.readOnly(p.fusePath());
    }

    default void mkdir(Request r, TreePath p, long mode) throws Exception {
        throw RefusedException.readOnly(p.fusePath());
    }

    default void unlink(Request r, TreePath p, boolean directory) throws Exception {
        throw RefusedException.readOnly(p.fusePath());
    }

    /** Only called with both paths in this tree. */
    default void rename(Request r, TreePath from, TreePath to) throws Exception {
        throw RefusedException.readOnly(from.fusePath());
    }

    default void utimens(Request r, TreePath p, Timespec[] ts) throws Exception {
        throw RefusedException.readOnly(p.fusePath());
    }

    default void chmod(Request r, TreePath p, long mode) throws Exception {
        throw RefusedException.readOnly(p.fusePath());
    }

    default void chown(Request r, TreePath p, long uid, long gid) throws Exception {
        throw RefusedException.readOnly(p.fusePath());
    }

    default void mknod(Request r, TreePath p, long mode, long rdev) throws Exception {
        throw RefusedException.readOnly(p.fusePath());
    }

    default void symlink(Request r, String target, TreePath p) throws Exception {
        throw RefusedException.readOnly(p.fusePath());
    }
}
