package dev.vipfs.fs.fuse;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Type;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.FuseOperations;

/**
 * The warm-up's way into a shadow edge: through the edge's own libfuse callbacks (the function
 * pointers jnr-fuse hands libfuse), called as libfuse's workers call them, rather than through its
 * Java methods. A request then runs jnr-fuse's glue (the closure proxy, the C-string path, the
 * {@code FuseFileInfo} of each request) and the file system behind it as real requests will, and C2
 * compiles that whole path on the warm-up's profile instead of on the first real requests
 * (docs/benchmarks.md, "Issue #16 on a faster host"). Where a callback is missing, the Java method.
 */
final class CallbackEntry {
    private static final CallContext PATH_POINTER = CallContext.getCallContext(Type.SINT32,
            new Type[] {Type.POINTER, Type.POINTER}, CallingConvention.DEFAULT, false);
    /** read: const char *path, char *buf, size_t size, off_t offset, struct fuse_file_info *fi. */
    private static final CallContext READ = CallContext.getCallContext(Type.SINT32,
            new Type[] {Type.POINTER, Type.POINTER, Type.UINT64, Type.SINT64, Type.POINTER}, CallingConvention.DEFAULT, false);

    private final VipfsFuse edge;
    private final Invoker invoker = Invoker.getInstance();
    private final Runtime runtime = Runtime.getSystemRuntime();
    private final long getattr;
    private final long open;
    private final long read;
    private final long flush;
    private final long release;
    /** Each path as a NUL-terminated string in native memory, as libfuse passes it. */
    private final Map<String, Pointer> paths = new HashMap<>();

    CallbackEntry(VipfsFuse edge) {
        this.edge = edge;
        FuseOperations ops = edge.operations();
        Pointer table = Struct.getMemory(ops);
        this.getattr = table.getAddress(ops.getattr.offset());
        this.open = table.getAddress(ops.open.offset());
        this.read = table.getAddress(ops.read.offset());
        this.flush = table.getAddress(ops.flush.offset());
        this.release = table.getAddress(ops.release.offset());
    }

    /** Whether every request goes through a libfuse callback (none falls back to a Java method). */
    boolean throughCallbacks() {
        return getattr != 0 && open != 0 && read != 0 && flush != 0 && release != 0;
    }

    int getattr(String path, FileStat stat) {
        return getattr == 0 ? edge.getattr(path, stat) : call(getattr, path, Struct.getMemory(stat));
    }

    int open(String path, FuseFileInfo info) {
        return open == 0 ? edge.open(path, info) : call(open, path, Struct.getMemory(info));
    }

    int read(String path, Pointer buffer, int size, long offset, FuseFileInfo info) {
        if (read == 0) {
            return edge.read(path, buffer, size, offset, info);
        }
        return (int) invoker.invokeN5(READ, read, nativePath(path), buffer.address(), size, offset,
                Struct.getMemory(info).address());
    }

    int flush(String path, FuseFileInfo info) {
        return flush == 0 ? edge.flush(path, info) : call(flush, path, Struct.getMemory(info));
    }

    int release(String path, FuseFileInfo info) {
        return release == 0 ? edge.release(path, info) : call(release, path, Struct.getMemory(info));
    }

    private int call(long function, String path, Pointer argument) {
        return (int) invoker.invokeN2(PATH_POINTER, function, nativePath(path), argument.address());
    }

    private long nativePath(String path) {
        return paths.computeIfAbsent(path, p -> {
            byte[] bytes = p.getBytes(StandardCharsets.UTF_8);
            Pointer s = Memory.allocateDirect(runtime, bytes.length + 1);
            s.put(0, bytes, 0, bytes.length);
            s.putByte(bytes.length, (byte) 0);
            return s;
        }).address();
    }
}
