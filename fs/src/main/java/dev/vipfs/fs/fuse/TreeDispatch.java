package dev.vipfs.fs.fuse;

import dev.vipfs.policy.Caller;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the edge serves a request: parse the path once, pick the tree it lies in, run the operation
 * and turn a failure into errno ({@link Errno}), with the log line, error count and audit line a
 * failure (but not a refusal) gets. A request naming two paths (rename, link) is decided here too,
 * since whether they lie in one tree is the question.
 */
final class TreeDispatch {
    // Under the edge's name: operators' log filters and journal lines know it as VipfsFuse.
    private static final Logger LOG = LoggerFactory.getLogger(VipfsFuse.class);

    private final MountServices s;
    private final ContentTree content;
    private final DataTree data;
    private final Supplier<Caller> identify;

    /** @param data the writable tree, or null for a read-only mount */
    TreeDispatch(MountServices s, ContentTree content, DataTree data, Supplier<Caller> identify) {
        this.s = s;
        this.content = content;
        this.data = data;
        this.identify = identify;
    }

    ContentTree content() {
        return content;
    }

    DataTree data() {
        return data;
    }

    TreePath parse(String path) {
        return TreePath.parse(path, data != null);
    }

    FuseTree tree(TreePath p) {
        return p instanceof TreePath.Data ? data : content;
    }

    Request request() {
        return Request.of(identify);
    }

    /** A request on an open handle: audited under the caller that opened it, if the data tree did. */
    Request onHandle(long fh) {
        return Request.onHandle(data == null ? null : data.callerOf(fh));
    }

    @FunctionalInterface
    interface Answer {
        int run() throws Exception;
    }

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    int serve(String op, String path, Request r, Answer body) {
        try {
            return body.run();
        } catch (Exception | Error e) {
            return fail(op, path, r.identified(), e);
        }
    }

    /** One request on one path, dispatched to the tree the path lies in. */
    @FunctionalInterface
    interface TreeAnswer {
        int run(FuseTree tree, Request r, TreePath p) throws Exception;
    }

    @FunctionalInterface
    interface TreeStep {
        void run(FuseTree tree, Request r, TreePath p) throws Exception;
    }

    int answer(String op, String path, TreeAnswer body) {
        TreePath p = parse(path);
        Request r = request();
        return serve(op, path, r, () -> body.run(tree(p), r, p));
    }

    int on(String op, String path, TreeStep body) {
        return answer(op, path, (t, r, p) -> {
            body.run(t, r, p);
            return 0;
        });
    }

    int perform(String op, String path, Request r, Step body) {
        return serve(op, path, r, () -> {
            body.run();
            return 0;
        });
    }

    /** A rename, within one tree: across the namespace boundary mv falls back to copy + delete, which the policy then sees. */
    int rename(String oldpath, String newpath) {
        TreePath from = parse(oldpath);
        TreePath to = parse(newpath);
        Request r = request();
        return perform("rename", oldpath, r, () -> {
            if ((from instanceof TreePath.Data) != (to instanceof TreePath.Data)) {
                throw new RefusedException(RefusedException.Kind.CROSS_TREE, oldpath + " and " + newpath + " lie in different trees");
            }
            tree(from).rename(r, from, to);
        });
    }

    /** A hard link: refused everywhere, read-only outside MOUNT/data. */
    int link(String oldpath, String newpath) {
        boolean intoData = parse(oldpath) instanceof TreePath.Data || parse(newpath) instanceof TreePath.Data;
        return perform("link", oldpath, Request.onHandle(null), () -> {
            if (!intoData) {
                throw RefusedException.readOnly(newpath);
            }
            // The catalogue maps each name to its own version history: no two names share one file.
            throw new WriteOps.OwnershipException("hard links are not supported: " + newpath);
        });
    }

    private int fail(String op, String path, Caller caller, Throwable e) {
        int refused = Errno.refusal(e);
        if (refused != 0) {
            LOG.debug("{} {}: {}", op, path, e.getMessage());
            return refused;
        }
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
}
