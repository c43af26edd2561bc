package dev.vipfs.fs.fuse;

import dev.vipfs.fs.metrics.MountMetrics;

/**
 * Counts at the FUSE edge. The timed calls take the start time as their first argument and the
 * operation's result as the last, so Java evaluates the start before the operation runs.
 */
final class FuseMetrics {
    private FuseMetrics() { }

    static int timed(String op, long startNanos, int result) {
        MountMetrics.global().timings().fuseOperation(op, System.nanoTime() - startNanos);
        return result;
    }

    static int read(long startNanos, int result) {
        if (result > 0) {
            MountMetrics.global().read(result);
        }
        return timed("read", startNanos, result);
    }

    static int written(long startNanos, int result) {
        if (result > 0) {
            MountMetrics.global().written(result);
        }
        return timed("write", startNanos, result);
    }

    /** An error answered to the kernel; expected ones (a missing name, a denial) are counted elsewhere or not at all. */
    static void failed(String op, int errno, Throwable e) {
        if (!Errno.expected(e)) {
            MountMetrics.global().error(op, name(errno), String.valueOf(e.getMessage()));
        }
    }

    private static String name(int errno) {
        jnr.constants.platform.Errno e = jnr.constants.platform.Errno.valueOf(-errno);
        return e == null || e.name().startsWith("__") ? "errno " + -errno : e.name();
    }
}
