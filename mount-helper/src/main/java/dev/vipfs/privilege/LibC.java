package dev.vipfs.privilege;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;

/**
 * The libc calls privilege handling and the service manager's notifications need. glibc applies setgroups and the set*id calls to every
 * thread of the process; setfsuid/setfsgid and prctl act on the calling thread only.
 */
public interface LibC {
    /** Loaded once; jnr-ffi binds lazily and is thread-safe. */
    LibC INSTANCE = LibraryLoader.create(LibC.class).load("c");

    int setgroups(long size, Pointer list);

    int setresgid(int rgid, int egid, int sgid);

    int setresuid(int ruid, int euid, int suid);

    /** Per thread; returns the previous fsuid (an invalid id such as -1 changes nothing). */
    int setfsuid(int fsuid);

    /** Per thread; returns the previous fsgid. */
    int setfsgid(int fsgid);

    int getuid();

    int geteuid();

    int umask(int mask);

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    /** Only for seccomp(2), which glibc does not wrap. */
    long syscall(long number, long arg1, long arg2, Pointer arg3);

    int getpwnam_r(String name, Pointer pwd, Pointer buf, long buflen, Pointer result);

    int getpwuid_r(int uid, Pointer pwd, Pointer buf, long buflen, Pointer result);

    /** socket/sendto/close: sd_notify's datagram, which the JDK's unix sockets cannot send. */
    int socket(int domain, int type, int protocol);

    long sendto(int fd, @In byte[] buf, long len, int flags, @In byte[] addr, int addrlen);

    int close(int fd);

    /** open/dup2: a --daemon lets go of the launcher's stderr pipe once it serves (fd 2 becomes /dev/null). */
    int open(String path, int flags);

    int dup2(int oldfd, int newfd);
}
