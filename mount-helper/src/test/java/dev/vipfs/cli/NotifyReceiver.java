package dev.vipfs.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/** systemd's end of sd_notify for tests: an abstract-namespace datagram socket that collects messages. */
final class NotifyReceiver implements AutoCloseable {
    /** The libc calls a receiving datagram socket needs. */
    public interface Sockets {
        int socket(int domain, int type, int protocol);

        int bind(int fd, @In byte[] addr, int addrlen);

        long recv(int fd, @Out byte[] buf, long len, int flags);

        int close(int fd);
    }

    private static final Sockets LIBC = LibraryLoader.create(Sockets.class).load("c");
    private static final int MSG_DONTWAIT = 0x40;

    final String address = "@vipfs-test-" + UUID.randomUUID();
    private final int fd;

    NotifyReceiver() {
        fd = LIBC.socket(1, 2, 0);
        byte[] name = address.getBytes(StandardCharsets.UTF_8);
        name[0] = 0;
        byte[] sa = ByteBuffer.allocate(2 + name.length).order(ByteOrder.nativeOrder()).putShort((short) 1).put(name).array();
        if (fd < 0 || LIBC.bind(fd, sa, sa.length) != 0) {
            throw new IllegalStateException("cannot bind a datagram socket at " + address);
        }
    }

    /** The next message containing {@code expected}, skipping others; fails after the timeout. */
    String await(String expected, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] buf = new byte[4096];
        StringBuilder seen = new StringBuilder();
        while (System.currentTimeMillis() < deadline) {
            long n = LIBC.recv(fd, buf, buf.length, MSG_DONTWAIT);
            if (n > 0) {
                String msg = new String(buf, 0, (int) n, StandardCharsets.UTF_8);
                if (msg.contains(expected)) {
                    return msg;
                }
                seen.append('[').append(msg).append(']');
            } else {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("no notification with '" + expected + "' within " + timeoutMillis + " ms; got " + seen);
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }
}
