package dev.vipfs.fs.fuse;

import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/** The page-cache choice an open hands back to the kernel in its fuse_file_info. */
final class PageCache {
    // libfuse 2.9 struct fuse_file_info: the direct_io/keep_cache bitfield sits in byte 20, which
    // jnr-fuse's field names do not match.
    private static final int FLAGS_BYTE = 20;
    private static final int DIRECT_IO = 0x1;
    private static final int KEEP_CACHE = 0x2;

    private PageCache() { }

    /** Reads bypass the page cache (content that may differ at the next open). */
    static void bypass(FuseFileInfo fi) {
        set(fi, DIRECT_IO);
    }

    /** Pages stay cached across opens (content that never changes). */
    static void keep(FuseFileInfo fi) {
        set(fi, KEEP_CACHE);
    }

    /**
     * A write-only handle can neither read nor be mapped, so caching its pages only costs: with
     * direct_io the kernel hands the writer's buffers to write() instead of first copying every byte
     * into page-cache pages of its own (a third copy of the file beside the spool and the blocks).
     */
    static void bypassIfWriteOnly(FuseFileInfo fi) {
        if (OpenFlags.accessMode(fi.flags.get()) == OpenFlags.O_WRONLY) {
            bypass(fi);
        }
    }

    private static void set(FuseFileInfo fi, int bit) {
        Pointer raw = Struct.getMemory(fi);
        raw.putByte(FLAGS_BYTE, (byte) (raw.getByte(FLAGS_BYTE) | bit));
    }
}
