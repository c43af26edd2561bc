package dev.vipfs.fs.fuse;

import java.util.function.LongPredicate;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/** Which channel sends a request's reply: ours for OPEN and INIT ({@link ReplyChannel}), else libfuse's. */
final class ReplyChannels {
    private final OpenReplyChannel open;
    private final InitReplyChannel init;

    /** @param nothingToFlush handles whose close needs no FLUSH ({@link OpenReplyChannel}); null: OPEN left to libfuse */
    ReplyChannels(LibFuseSession lib, Runtime runtime, int fd, long bufferSize, LongPredicate nothingToFlush) {
        this.open = nothingToFlush == null ? null : new OpenReplyChannel(lib, runtime, fd, bufferSize, nothingToFlush);
        this.init = new InitReplyChannel(lib, runtime, fd, bufferSize);
    }

    /** The channel to process the request in {@code request} (a whole buffer from the device) with. */
    Pointer forRequest(Pointer request, Pointer libfuses) {
        int opcode = request.getInt(FuseAbi.IN_OPCODE);
        if (opcode == FuseAbi.OPEN && open != null) {
            return open.pointer();
        }
        if (opcode == FuseAbi.INIT) {
            init.offered(request.getInt(FuseAbi.IN_HEADER + FuseAbi.INIT_FLAGS));
            return init.pointer();
        }
        return libfuses;
    }
}
