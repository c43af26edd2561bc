package dev.vipfs.fs.fuse;

import dev.vipfs.libc.Libc;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/**
 * The kernel's side of a FUSE connection, played by this process over a socketpair to a session of
 * an edge that is never mounted ({@link SessionLoop#serveChannel}), so that the warm-up's requests
 * run all that real ones run, from the session's workers to the edge and the caller libfuse reports.
 * No mount: neither root nor CAP_SYS_ADMIN, and nothing outside this process can send it a request.
 * One request at a time, in protocol 7.19 (libfuse 2.9's); a call whose reply does not come within
 * the timeout it was started with fails instead of holding the mount's init.
 */
final class LoopbackKernel implements AutoCloseable {
    /** What a lookup or getattr reports of a node. */
    record Attr(long node, int mode, long size) {
        boolean directory() {
            return (mode & 0170000) == 0040000;
        }

        boolean regular() {
            return (mode & 0170000) == 0100000;
        }
    }

    /** An open handle, and whether its close must send FLUSH (no FOPEN_NOFLUSH in the reply). */
    record Handle(long node, long fh, boolean flush) { }

    static final long ROOT = 1;
    /** The kernel's own largest read on a mount with max_read=131072. */
    static final int MAX_READ = 128 << 10;
    private static final int REPLY_BYTES = MAX_READ + 4096;
    private static final int LISTING_BYTES = 4096;
    private static final long DRAIN_MILLIS = 10_000;
    private static final int SEND_BUFFER = 1 << 20;
    private static final int WORKERS = 2;
    /** fuse_new's options: as the mount's for what libfuse itself does with them. */
    private static final String[] SESSION_ARGS = {"vipfs-warmup", "-o",
        "kernel_cache,entry_timeout=0,attr_timeout=0,negative_timeout=1"};

    private final Libc.Calls libc = Libc.require();
    private final int fd;
    private final SessionLoop loop;
    private final Thread server;
    private final Pointer request;
    private final Pointer reply;
    private final int uid;
    private final int gid;
    private final int pid = (int) ProcessHandle.current().pid();
    private long unique;
    private int replyBytes;

    private LoopbackKernel(int fd, SessionLoop loop, Thread server, int uid, int gid) {
        Runtime runtime = Runtime.getSystemRuntime();
        this.fd = fd;
        this.loop = loop;
        this.server = server;
        this.uid = uid;
        this.gid = gid;
        this.request = Memory.allocateDirect(runtime, LISTING_BYTES);
        this.reply = Memory.allocateDirect(runtime, REPLY_BYTES);
    }

    /**
     * Serves {@code operations} (an edge's libfuse callback table) on a session of its own and
     * answers its INIT; requests come from {@code uid}/{@code gid} and this process, and a call
     * whose reply takes longer than {@code replyTimeoutMillis} fails.
     */
    static LoopbackKernel start(Struct operations, LongPredicate nothingToFlush, int uid, int gid, long replyTimeoutMillis) {
        int[] pair = new int[2];
        if (Libc.require().socketpair(Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_CLOEXEC, 0, pair) != 0) {
            throw new IllegalStateException("socketpair failed: " + Libc.errno());
        }
        try {
            receiveTimeout(pair[0], replyTimeoutMillis);
            sendBuffer(pair[1], SEND_BUFFER); // a 128 KiB reply is one datagram
        } catch (RuntimeException e) {
            Libc.require().close(pair[0]);
            Libc.require().close(pair[1]);
            throw e;
        }
        SessionLoop loop = new SessionLoop(nothingToFlush);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread server = new Thread(() -> {
            try {
                loop.serveChannel(operations, pair[1], SESSION_ARGS, WORKERS);
            } catch (RuntimeException | Error e) {
                failed.set(e);
            }
        }, "vipfs-warmup-session");
        server.setDaemon(true);
        LoopbackKernel kernel = new LoopbackKernel(pair[0], loop, server, uid, gid);
        server.start();
        try {
            kernel.init();
        } catch (RuntimeException e) {
            kernel.close();
            Throwable cause = failed.get();
            throw cause == null ? e : new IllegalStateException(cause.getMessage(), cause);
        }
        return kernel;
    }

    private static void receiveTimeout(int fd, long millis) {
        Pointer timeval = Memory.allocateDirect(Runtime.getSystemRuntime(), 16, true);
        timeval.putLong(0, millis / 1000);
        timeval.putLong(8, millis % 1000 * 1000);
        setsockopt(fd, Libc.SO_RCVTIMEO, timeval);
    }

    private static void sendBuffer(int fd, int bytes) {
        Pointer value = Memory.allocateDirect(Runtime.getSystemRuntime(), 4, true);
        value.putInt(0, bytes);
        setsockopt(fd, Libc.SO_SNDBUF, value);
    }

    private static void setsockopt(int fd, int option, Pointer value) {
        if (Libc.require().setsockopt(fd, Libc.SOL_SOCKET, option, value, (int) value.size()) != 0) {
            throw new IllegalStateException("setsockopt " + option + " failed: " + Libc.errno());
        }
    }

    private void init() {
        request.putInt(FuseAbi.IN_HEADER, 7);
        request.putInt(FuseAbi.IN_HEADER + 4, 19);
        request.putInt(FuseAbi.IN_HEADER + 8, MAX_READ);
        request.putInt(FuseAbi.IN_HEADER + FuseAbi.INIT_FLAGS, FuseAbi.ASYNC_READ | FuseAbi.BIG_WRITES);
        int error = call(FuseAbi.INIT, 0, 16);
        if (error != 0) {
            throw new IllegalStateException("the session refused INIT: errno " + -error);
        }
    }

    /** LOOKUP of {@code name} in {@code parent}; null if it failed (absent, refused). */
    Attr lookup(long parent, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length + 1 > LISTING_BYTES - FuseAbi.IN_HEADER) {
            return null;
        }
        request.put(FuseAbi.IN_HEADER, bytes, 0, bytes.length);
        request.putByte(FuseAbi.IN_HEADER + bytes.length, (byte) 0);
        // An absent name answered with node 0 is a negative entry (negative_timeout), not a node.
        if (call(FuseAbi.LOOKUP, parent, bytes.length + 1) != 0 || reply.getLong(FuseAbi.OUT_HEADER) == 0) {
            return null;
        }
        // struct fuse_entry_out: nodeid, generation, entry/attr valid, their nsec, then the attr.
        return new Attr(reply.getLong(FuseAbi.OUT_HEADER), reply.getInt(FuseAbi.OUT_HEADER + 40 + 60),
                reply.getLong(FuseAbi.OUT_HEADER + 40 + 8));
    }

    /** GETATTR of {@code node}; null if it failed. */
    Attr getattr(long node) {
        request.putLong(FuseAbi.IN_HEADER, 0);
        request.putLong(FuseAbi.IN_HEADER + 8, 0);
        if (call(FuseAbi.GETATTR, node, 16) != 0) {
            return null;
        }
        // struct fuse_attr_out: attr_valid, its nsec, padding, then the attr.
        return new Attr(node, reply.getInt(FuseAbi.OUT_HEADER + 16 + 60), reply.getLong(FuseAbi.OUT_HEADER + 16 + 8));
    }

    /** A reader's OPEN (read-only) of a file; empty if refused. */
    Optional<Handle> open(long node) {
        return open(FuseAbi.OPEN, node);
    }

    private Optional<Handle> open(int opcode, long node) {
        request.putLong(FuseAbi.IN_HEADER, 0); // flags O_RDONLY, unused
        if (call(opcode, node, 8) != 0) {
            return Optional.empty();
        }
        boolean noFlush = (reply.getInt(FuseAbi.OUT_HEADER + 8) & FuseAbi.FOPEN_NOFLUSH) != 0;
        return Optional.of(new Handle(node, reply.getLong(FuseAbi.OUT_HEADER), !noFlush));
    }

    /** READ of {@code size} bytes at {@code offset}: how many came, or -errno. */
    int read(Handle h, long offset, int size) {
        return read(FuseAbi.READ, h, offset, Math.min(size, MAX_READ));
    }

    /** The same, copying what came into {@code into}. */
    int read(Handle h, long offset, byte[] into) {
        int n = read(h, offset, into.length);
        if (n > 0) {
            reply.get(FuseAbi.OUT_HEADER, into, 0, n);
        }
        return n;
    }

    private int read(int opcode, Handle h, long offset, int size) {
        request.putLong(FuseAbi.IN_HEADER, h.fh());
        request.putLong(FuseAbi.IN_HEADER + 8, offset);
        request.putInt(FuseAbi.IN_HEADER + 16, size);
        request.putInt(FuseAbi.IN_HEADER + 20, 0);
        request.putLong(FuseAbi.IN_HEADER + 24, 0);
        request.putLong(FuseAbi.IN_HEADER + 32, 0);
        int error = call(opcode, h.node(), 40);
        return error != 0 ? error : replyBytes;
    }

    /** What the kernel sends when a reader closes: FLUSH unless the open said there is none, then RELEASE. */
    void close(Handle h) {
        if (h.flush()) {
            release(FuseAbi.FLUSH, h);
        }
        release(FuseAbi.RELEASE, h);
    }

    private void release(int opcode, Handle h) {
        request.putLong(FuseAbi.IN_HEADER, h.fh());
        request.putLong(FuseAbi.IN_HEADER + 8, 0);
        request.putLong(FuseAbi.IN_HEADER + 16, 0);
        call(opcode, h.node(), 24);
    }

    /** A directory's names as {@code ls} reads them (OPENDIR, READDIR until empty, RELEASEDIR); null if refused. */
    List<String> list(long node) {
        Optional<Handle> dir = open(FuseAbi.OPENDIR, node);
        if (dir.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        long offset = 0;
        while (true) {
            int n = read(FuseAbi.READDIR, dir.get(), offset, LISTING_BYTES);
            if (n <= 0) {
                break;
            }
            // struct fuse_dirent: ino, off, namelen, type, name padded to 8 bytes.
            for (int at = FuseAbi.OUT_HEADER; at + 24 <= FuseAbi.OUT_HEADER + n; ) {
                int length = reply.getInt(at + 16);
                byte[] name = new byte[length];
                reply.get(at + 24, name, 0, length);
                names.add(new String(name, StandardCharsets.UTF_8));
                offset = reply.getLong(at + 8);
                at += (24 + length + 7) & ~7;
            }
        }
        release(FuseAbi.RELEASEDIR, dir.get());
        return names;
    }

    /** Sends one request whose payload is already in place and waits for its reply: 0 or -errno. */
    private int call(int opcode, long node, int payload) {
        long id = ++unique;
        int length = FuseAbi.IN_HEADER + payload;
        request.putInt(0, length);
        request.putInt(FuseAbi.IN_OPCODE, opcode);
        request.putLong(8, id);
        request.putLong(16, node);
        request.putInt(24, uid);
        request.putInt(28, gid);
        request.putInt(32, pid);
        request.putInt(36, 0);
        if (libc.write(fd, request, length) != length) {
            throw new IllegalStateException("the warm-up session took no request: " + Libc.errno());
        }
        while (true) {
            long n = libc.read(fd, reply, REPLY_BYTES);
            if (n < FuseAbi.OUT_HEADER) {
                throw new IllegalStateException(n < 0 ? "the warm-up session did not answer: " + Libc.errno()
                        : "the warm-up session ended");
            }
            if (reply.getLong(8) == id) {
                replyBytes = (int) n - FuseAbi.OUT_HEADER;
                return reply.getInt(FuseAbi.OUT_ERROR);
            }
        }
    }

    /** Ends the session and waits for its workers. */
    @Override
    public void close() {
        loop.exit();
        libc.close(fd);
        try {
            server.join(DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
