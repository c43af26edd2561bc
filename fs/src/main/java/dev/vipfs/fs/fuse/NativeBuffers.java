package dev.vipfs.fs.fuse;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;
import jnr.ffi.Pointer;

/**
 * Views of the buffers libfuse hands to callbacks (kernel-filled for write, the reply for read),
 * valid only during the callback.
 */
final class NativeBuffers {
    private NativeBuffers() {
    }

    /**
     * The first {@code len} bytes at {@code p} as a direct buffer over the same memory: a write then
     * reaches the spool file in one kernel copy, instead of a heap array plus the JDK's temporary
     * direct buffer (three copies of every written byte, and 128 KiB of garbage per call).
     */
    static ByteBuffer view(Pointer p, int len) {
        if (p.isDirect() && len > 0) {
            return MemoryIO.getInstance().newDirectByteBuffer(p.address(), len);
        }
        byte[] copy = new byte[len];
        p.get(0, copy, 0, len);
        return ByteBuffer.wrap(copy);
    }

    /** A read that fills a heap array: the bytes it read are copied into the reply buffer. */
    @FunctionalInterface
    interface ArrayRead {
        int read(byte[] dst, int len) throws Exception;
    }

    /** Answers a read through a heap array, for readers that cannot fill native memory themselves. */
    static int readThroughArray(Pointer buf, int len, ArrayRead read) throws Exception {
        byte[] data = new byte[len];
        int n = read.read(data, len);
        if (n > 0) {
            buf.put(0, data, 0, n);
        }
        return n;
    }
}
