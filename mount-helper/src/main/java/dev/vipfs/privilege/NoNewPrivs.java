package dev.vipfs.privilege;

import dev.vipfs.libc.Libc;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Sets no_new_privs on every thread of the process, without a setpriv binary. prctl only sets it on
 * the calling thread, and the JVM started its own threads (GC, JIT, signal dispatch) before any of
 * our code ran; seccomp's TSYNC flag copies the caller's no_new_privs to every other thread (Linux
 * 3.17+), so we install a filter that allows everything with that flag.
 */
public final class NoNewPrivs {
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int SECCOMP_SET_MODE_FILTER = 1;
    private static final int SECCOMP_FILTER_FLAG_TSYNC = 1;
    /** BPF_RET | BPF_K returning SECCOMP_RET_ALLOW. */
    private static final short BPF_RET_K = 0x06;
    private static final int SECCOMP_RET_ALLOW = 0x7fff0000;

    private NoNewPrivs() { }

    /** Sets the flag on all threads or throws; it can never be cleared again. */
    public static void applyToAllThreads() {
        if (alreadyOnEveryThread()) {
            // Set before exec (systemd's NoNewPrivileges=, setpriv): every thread inherited it, and a
            // unit's SystemCallFilter may rightly refuse the seccomp call below.
            return;
        }
        Libc.Calls c = Libc.require();
        if (c.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
            throw new IllegalStateException("prctl(PR_SET_NO_NEW_PRIVS) failed");
        }
        Runtime rt = Runtime.getSystemRuntime();
        // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }
        Pointer filter = Memory.allocateDirect(rt, 8, true);
        filter.putShort(0, BPF_RET_K);
        filter.putInt(4, SECCOMP_RET_ALLOW);
        // struct sock_fprog { unsigned short len; struct sock_filter *filter; } (pointer at 8 on LP64)
        Pointer prog = Memory.allocateDirect(rt, 16, true);
        prog.putShort(0, (short) 1);
        prog.putPointer(8, filter);
        long rc = c.syscall(seccompSyscall(), SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, prog);
        if (rc != 0) {
            throw new IllegalStateException("seccomp(SET_MODE_FILTER, TSYNC) returned " + rc
                    + ": cannot set no_new_privs on every thread (Linux 3.17 or later is required)");
        }
    }

    private static boolean alreadyOnEveryThread() {
        try {
            for (TaskStatus t : TaskStatus.allTasks()) {
                if (t.noNewPrivs() != 1) {
                    return false;
                }
            }
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static long seccompSyscall() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> 317;
            case "aarch64", "arm64" -> 277;
            default -> throw new IllegalStateException("no seccomp syscall number known for " + arch);
        };
    }
}
