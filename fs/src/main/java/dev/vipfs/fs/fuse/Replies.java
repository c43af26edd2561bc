package dev.vipfs.fs.fuse;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import jnr.ffi.Pointer;
import ru.serce.jnrfuse.FuseFillDir;

/** How answers are written into the buffers libfuse hands to the edge's callbacks. */
final class Replies {
    private Replies() { }

    /** A whole listing in one call (no offsets): "." and "..", then names until the buffer is full. */
    static void listing(Pointer buf, FuseFillDir filler, List<String> names) {
        filler.apply(buf, ".", null, 0);
        filler.apply(buf, "..", null, 0);
        for (String name : names) {
            if (filler.apply(buf, name, null, 0) != 0) {
                break;
            }
        }
    }

    /** A link target, cut to the buffer and NUL-terminated as readlink's callback expects. */
    static void linkTarget(String target, Pointer buf, long size) {
        byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(bytes.length, size - 1);
        buf.put(0, bytes, 0, n);
        buf.putByte(n, (byte) 0);
    }

    /** getxattr's answer: ENODATA for an attribute the entry does not carry. */
    static int attributeValue(String value, Pointer dst, long size) {
        return value == null ? Errno.noAttribute() : sized(value.getBytes(StandardCharsets.UTF_8), dst, size);
    }

    /** listxattr's answer: the names, each NUL-terminated. */
    static int attributeNames(Collection<String> names, Pointer dst, long size) {
        StringBuilder all = new StringBuilder();
        for (String n : names) {
            all.append(n).append('\0');
        }
        return sized(all.toString().getBytes(StandardCharsets.UTF_8), dst, size);
    }

    /** The size when asked with size 0, ERANGE when it does not fit. */
    private static int sized(byte[] bytes, Pointer dst, long size) {
        if (size == 0) {
            return bytes.length;
        }
        if (size < bytes.length) {
            return Errno.bufferTooSmall();
        }
        dst.put(0, bytes, 0, bytes.length);
        return bytes.length;
    }
}
