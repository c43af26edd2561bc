package dev.vipfs.privilege;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/** The few libc calls a privilege drop needs; glibc applies the set*id calls to every thread. */
public interface LibC {
    /** Loaded once; jnr-ffi binds lazily and is thread-safe. */
    LibC INSTANCE = LibraryLoader.create(LibC.class).load("c");

    int setgroups(long size, Pointer list);

    int setresgid(int rgid, int egid, int sgid);

    int setresuid(int ruid, int euid, int suid);

    int getuid();

    int geteuid();

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);
}
