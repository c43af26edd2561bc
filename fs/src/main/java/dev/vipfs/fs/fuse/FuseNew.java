package dev.vipfs.fs.fuse;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Type;
import dev.vipfs.libc.Libc;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/**
 * libfuse 2.9's {@code fuse_new} of version FUSE_2.6 ({@code ch, args, op, op_size, user_data}).
 *
 * <p>Why not a jnr-ffi binding: libfuse.so.2 also exports an unversioned {@code fuse_new}, its
 * compatibility alias for the 2.2 API ({@code fd, opts, op, op_size}), and {@code dlsym} (so jnr)
 * returns an unversioned definition before any versioned one. Only {@code dlvsym} names the one
 * whose arguments are these.
 */
final class FuseNew {
    private static final CallContext CALL = CallContext.getCallContext(Type.POINTER,
            new Type[] {Type.POINTER, Type.POINTER, Type.POINTER, Type.UINT64, Type.POINTER}, CallingConvention.DEFAULT, false);
    private static final String LIBRARY = "libfuse.so.2";
    private static final String VERSION = "FUSE_2.6";

    private FuseNew() {
    }

    /** The new {@code struct fuse *} for channel {@code ch}, or null if libfuse refused the options. */
    static Pointer call(Runtime runtime, Pointer ch, Pointer args, Struct operations) {
        // jnr-fuse's table may live on the Java heap (a jnr binding copies it out for each call);
        // libfuse copies it again into the session, so a native copy needs to outlive only this call.
        int size = Struct.size(operations);
        Pointer op = Memory.allocateDirect(runtime, size);
        Struct.getMemory(operations).transferTo(0, op, 0, size);
        long result = Invoker.getInstance().invokeN5(CALL, Address.FUSE_NEW, ch.address(), args.address(),
                op.address(), size, 0L);
        return result == 0 ? null : Pointer.wrap(runtime, result);
    }

    private static final class Address {
        static final long FUSE_NEW = resolve();

        private static long resolve() {
            Libc.Calls libc = Libc.require();
            // The library is already loaded by the session's binding: NOLOAD only finds it.
            Pointer handle = libc.dlopen(LIBRARY, Libc.RTLD_NOW | Libc.RTLD_NOLOAD);
            if (handle == null) {
                handle = libc.dlopen(LIBRARY, Libc.RTLD_NOW);
            }
            Pointer symbol = handle == null ? null : libc.dlvsym(handle, "fuse_new", VERSION);
            if (symbol == null) {
                throw new UnsatisfiedLinkError("fuse_new@" + VERSION + " not found in " + LIBRARY);
            }
            return symbol.address();
        }
    }
}
