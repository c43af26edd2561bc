package dev.vipfs.privilege;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The sockaddr_un forms of $NOTIFY_SOCKET; the protocol itself is tested against a real mount. */
class SdNotifyTest {
    @Test
    void aPathIsNulTerminated() {
        byte[] sa = SdNotify.sockaddr("/run/systemd/notify");
        assertEquals(2 + "/run/systemd/notify".length() + 1, sa.length);
        assertEquals(0, sa[sa.length - 1]);
        assertArrayEquals("/run/systemd/notify".getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(sa, 2, sa.length - 1));
    }

    @Test
    void anAbstractNameStartsWithNulAndIsNotTerminated() {
        byte[] sa = SdNotify.sockaddr("@vipfs");
        assertEquals(2 + "@vipfs".length(), sa.length);
        assertEquals(0, sa[2]);
        assertEquals('s', sa[sa.length - 1]);
    }

    @Test
    void aNameLongerThanSunPathIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SdNotify.sockaddr("/" + "x".repeat(120)));
    }

    @Test
    void withoutNotifySocketEverySendIsANoOp() {
        SdNotify none = SdNotify.forSocket(null);
        assertFalse(none.enabled());
        assertTrue(none.send("READY=1"));
    }
}
