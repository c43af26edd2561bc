package dev.vipfs.libc;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The libc calls vipfs needs and Java has no API for, bound once through jnr-ffi for the whole
 * project: NSS lookups of user and group names, privilege handling, the service manager's
 * notifications, the terminal test of progress output, a --daemon's stderr handover, inotify,
 * the socketpair and versioned symbol lookup of the warm-up's FUSE session, and the
 * compiler threads' nice value after it.
 */
public final class Libc {
    /**
     * libc as jnr-ffi binds it (lazily, thread-safe). glibc applies setgroups and the set*id calls
     * to every thread of the process; setfsuid/setfsgid and prctl act on the calling thread only.
     */
    public interface Calls {
        // A --daemon's stderr handover (mount-helper: DaemonLauncher).
        int open(String path, int flags, int mode);

        int close(int fd);

        // Names through NSS, as ls, id or sudo resolve them; both return 0 or an errno and set
        // *result to NULL when not found.
        int getpwnam_r(String name, Pointer pwd, Pointer buf, long buflen, Pointer result);

        int getpwuid_r(int uid, Pointer pwd, Pointer buf, long buflen, Pointer result);

        int getgrnam_r(String name, Pointer grp, Pointer buf, long buflen, Pointer result);

        // Privilege (mount-helper: privilege).
        int setgroups(long size, Pointer list);

        int setresgid(int rgid, int egid, int sgid);

        int setresuid(int ruid, int euid, int suid);

        /** Per thread; returns the previous fsuid (an invalid id such as -1 changes nothing). */
        int setfsuid(int fsuid);

        /** Per thread; returns the previous fsgid. */
        int setfsgid(int fsgid);

        // Who this process is. Not com.sun.security.auth.module.UnixSystem: it reports uid 0 for
        // a uid without a passwd entry (a container's arbitrary uid, a numeric --user).
        int getuid();

        int geteuid();

        int getgid();

        int getegid();

        int umask(int mask);

        int prctl(int option, long arg2, long arg3, long arg4, long arg5);

        /** Only for seccomp(2), which glibc does not wrap. */
        long syscall(long number, long arg1, long arg2, Pointer arg3);

        /** socket/sendto (and close): sd_notify's datagram, which the JDK's unix sockets cannot send. */
        int socket(int domain, int type, int protocol);

        long sendto(int fd, @In byte[] buf, long len, int flags, @In byte[] addr, int addrlen);

        int isatty(int fd);

        /** A --daemon lets go of the launcher's stderr pipe once it serves (fd 2 becomes /dev/null). */
        int dup2(int oldfd, int newfd);

        /**
         * Only to undo an inherited SIG_IGN (nohup) before the JVM is asked for a handler
         * (mount-helper: ServiceLifecycle); handler NULL is SIG_DFL.
         */
        Pointer signal(int signum, Pointer handler);

        /** A FUSE reply the mount sends itself (fs: OpenReplyChannel); iov is a struct iovec array. */
        long writev(int fd, Pointer iov, int iovcnt);

        // The audit log's rotation check (policy: PathWatch): the JDK's WatchService delivers
        // inotify events on a thread of its own, later than the next line must see them.
        int inotify_init1(int flags);

        int inotify_add_watch(int fd, String path, int mask);

        long read(int fd, Pointer buf, long count);

        // The warm-up's stand-in for the kernel side of /dev/fuse (fs: LoopbackKernel).
        int socketpair(int domain, int type, int protocol, @Out int[] sv);

        int setsockopt(int fd, int level, int optname, Pointer optval, int optlen);

        long write(int fd, Pointer buf, long count);

        /** A symbol of the given version, where plain dlsym would pick a library's compatibility alias. */
        Pointer dlopen(String file, int mode);

        Pointer dlvsym(Pointer handle, String symbol, String version);

        /**
         * Where {@link #sched_setscheduler} is refused, a warm mount's JIT compiler threads still give
         * way to the threads serving requests (fs: CompilerThreads); with {@link #PRIO_PROCESS} and a
         * thread id, Linux sets that thread's nice value alone.
         */
        int setpriority(int which, int who, int prio);

        /**
         * With {@link #SCHED_IDLE}, a thread id and a zero priority, the thread gives its CPU up to any
         * other thread that wakes and gets only a sliver of a busy one (fs: CompilerThreads, once a
         * mount is warm).
         */
        int sched_setscheduler(int pid, int policy, @In int[] param);
    }

    public static final int O_WRONLY = 01;
    public static final int ENOENT = 2;
    public static final int EAGAIN = 11;
    public static final int ENOTDIR = 20;
    public static final int AF_UNIX = 1;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_CLOEXEC = 02000000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVTIMEO = 20;
    public static final int RTLD_NOW = 2;
    public static final int RTLD_NOLOAD = 4;
    public static final int PRIO_PROCESS = 0;
    public static final int SCHED_IDLE = 5;
    /** The bound calls, or null where there is no such libc (not Linux/glibc): callers fall back. */
    public static final Calls C = load();

    private Libc() {
    }

    /** The bound calls, for callers that have no fallback. */
    public static Calls require() {
        if (C == null) {
            throw new UnsatisfiedLinkError("the C library could not be bound: vipfs needs Linux with glibc");
        }
        return C;
    }

    private static Calls load() {
        try {
            return LibraryLoader.create(Calls.class).failImmediately().load("c");
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The calling thread's errno after a failed call, for messages. */
    public static String errno() {
        return "errno " + jnr.ffi.Runtime.getRuntime(C).getLastError();
    }
}
