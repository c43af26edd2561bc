package dev.vipfs.fs.fuse;

/**
 * The numbers of the FUSE kernel protocol ({@code include/uapi/linux/fuse.h}) that vipfs reads or
 * writes itself, beside libfuse: the warm-up's requests ({@link LoopbackKernel}) and the replies it
 * sends on its own channels ({@link ReplyChannels}).
 */
final class FuseAbi {
    static final int LOOKUP = 1;
    static final int GETATTR = 3;
    static final int OPEN = 14;
    static final int READ = 15;
    static final int RELEASE = 18;
    static final int FLUSH = 25;
    static final int INIT = 26;
    static final int OPENDIR = 27;
    static final int READDIR = 28;
    static final int RELEASEDIR = 29;

    /** Bytes of struct fuse_in_header (uint32 len, opcode; uint64 unique, nodeid; uint32 uid, gid, pid, padding). */
    static final int IN_HEADER = 40;
    static final int IN_OPCODE = 4;
    /** Bytes of struct fuse_out_header (uint32 len; int32 error; uint64 unique). */
    static final int OUT_HEADER = 16;
    static final int OUT_ERROR = 4;

    /** fuse_init_in and fuse_init_out both start: uint32 major, minor, max_readahead, flags. */
    static final int INIT_FLAGS = 12;
    static final int ASYNC_READ = 1;
    static final int BIG_WRITES = 1 << 5;
    /** Protocol 7.25; libfuse 2.9 never asks for it ({@link InitReplyChannel}). */
    static final int PARALLEL_DIROPS = 1 << 18;
    /** fuse_open_out's open_flags, protocol 7.35; libfuse 2.9 cannot set it ({@link OpenReplyChannel}). */
    static final int FOPEN_NOFLUSH = 1 << 5;

    private FuseAbi() {
    }
}
