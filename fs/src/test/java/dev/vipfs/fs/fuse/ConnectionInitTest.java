package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;

/** The INIT reply's fields in libfuse 2.9's struct fuse_conn_info, as the kernel will read them. */
class ConnectionInitTest {
    private final Pointer conn = Memory.allocateDirect(Runtime.getSystemRuntime(), 128, true);

    @Test
    void asksForAtomicTruncateOnlyWhereTheKernelOffersIt() {
        conn.putInt(24, 0x1);
        ConnectionInit.wantAtomicTruncate(conn);
        assertEquals(0x1, conn.getInt(24), "asked for a capability the kernel did not offer");

        conn.putInt(20, 0x8 | 0x2);
        ConnectionInit.wantAtomicTruncate(conn);
        assertEquals(0x1 | 0x8, conn.getInt(24));
    }

    @Test
    void leavesTheReadAheadToTheMount() {
        conn.putInt(16, 128 << 10); // what libfuse copies from the kernel's offer
        ConnectionInit.uncapReadAhead(conn);
        assertEquals(16 << 20, conn.getInt(16));
        assertEquals(0, conn.getInt(20), "wrote beyond max_readahead");
    }
}
