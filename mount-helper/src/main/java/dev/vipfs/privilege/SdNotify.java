package dev.vipfs.privilege;

import dev.vipfs.libc.Libc;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The service manager's notification protocol (sd_notify(3)): one datagram per state change to the
 * unix socket named by $NOTIFY_SOCKET ("@name" is the abstract namespace). The JDK has no datagram
 * unix sockets, hence three libc calls. Without $NOTIFY_SOCKET (not under systemd) every call is a no-op.
 */
public final class SdNotify {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH_MAX = 108;

    private final byte[] address;

    private SdNotify(byte[] address) {
        this.address = address;
    }

    /** The notifier for this process: the socket in $NOTIFY_SOCKET, or a no-op when it is unset. */
    public static SdNotify fromEnvironment() {
        return forSocket(System.getenv("NOTIFY_SOCKET"));
    }

    /** A notifier for a socket path ("/run/…" or "@abstract"); null or empty gives a no-op. */
    public static SdNotify forSocket(String socket) {
        if (socket == null || socket.isEmpty()) {
            return new SdNotify(null);
        }
        return new SdNotify(sockaddr(socket));
    }

    /** struct sockaddr_un for the name; abstract names start with a NUL and are not NUL-terminated. */
    static byte[] sockaddr(String socket) {
        boolean abstractName = socket.charAt(0) == '@';
        byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        if (abstractName) {
            path[0] = 0;
        }
        if (path.length >= SUN_PATH_MAX) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is longer than a unix socket path may be: " + socket);
        }
        ByteBuffer b = ByteBuffer.allocate(2 + path.length + (abstractName ? 0 : 1)).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_UNIX).put(path);
        return b.array();
    }

    public boolean enabled() {
        return address != null;
    }

    /**
     * Sends one state message such as "READY=1". Returns false (and changes nothing) if it could
     * not be sent; the caller decides whether that matters, a notification never throws.
     */
    public boolean send(String state) {
        if (address == null) {
            return true;
        }
        byte[] msg = state.getBytes(StandardCharsets.UTF_8);
        Libc.Calls sockets = Libc.require();
        int fd = sockets.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            return false;
        }
        try {
            return sockets.sendto(fd, msg, msg.length, MSG_NOSIGNAL, address, address.length) == msg.length;
        } finally {
            sockets.close(fd);
        }
    }
}
