package dev.vipfs.fs.fuse;

import dev.vipfs.libc.Libc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.FuseException;

/**
 * libfuse 2.9's session, served by threads this JVM owns instead of {@code fuse_main_real}'s loop.
 *
 * <p>Why: jffi attaches libfuse's native worker threads to the JVM and detaches them again around
 * every callback until a thread has made 1,000: a fresh mount paid for a new {@code Thread} (and
 * fresh thread-locals) on each of its first ~10,000 requests (docs/benchmarks.md, "FUSE worker
 * threads"). A Java thread stays attached for life.
 *
 * <p>The loop is libfuse's own ({@code fuse_loop_mt.c}) on a pool that never shrinks:
 * {@code fuse_setup} as {@code fuse_main_real} does it, receive and process buffers until the
 * session exits (ENODEV once unmounted), then {@code fuse_teardown}. Public for the benchmarks'
 * no-op file systems, whose floor must run on the same transport.
 */
public final class SessionLoop {
    /** libfuse's own ceiling on worker threads (fuse_loop_mt.c starts at most ten). */
    static final int WORKERS = 10;
    /**
     * Workers a session starts with. The kernel hands requests to waiting workers in turn, so ten
     * from the start gave a fresh mount's single reader ten threads' first requests
     * (docs/benchmarks.md, "Compilers behind requests").
     */
    private static final int FIRST_WORKERS = 2;
    /**
     * Another worker starts when a request found no other waiting and none waits yet after it has
     * run this long; fuse_loop_mt.c starts one on the first condition alone (see {@link #work}).
     */
    private static final long GROW_AFTER_NANOS = 1_000_000;
    private static final Logger LOG = LoggerFactory.getLogger(SessionLoop.class);
    private static final int EINTR = 4;
    /** struct fuse_buf on LP64: size_t size; enum flags; void *mem; int fd; off_t pos. */
    private static final int FUSE_BUF_BYTES = 40;
    private static final int BUF_SIZE = 0;
    private static final int BUF_FLAGS = 8;
    private static final int BUF_MEM = 16;
    private static final int BUF_FD = 24;
    private static final int BUF_POS = 32;
    /** How long the other workers get to leave once the session has ended, before teardown is skipped. */
    private static final long DRAIN_SECONDS = 5;

    private final LibFuseSession lib = LibFuseSession.LIB;
    private final Runtime runtime = Runtime.getRuntime(lib);
    private final AtomicBoolean failed = new AtomicBoolean();
    /** The argv strings: libfuse may keep pointers into them for the life of the session. */
    private final List<Pointer> argvMemory = new ArrayList<>();
    private volatile Pointer session;
    private Pointer channel;
    private long bufferSize;
    private final LongPredicate nothingToFlush;
    private ReplyChannels replies;
    /** The session's workers, in the order they started; guarded by this. */
    private final List<Thread> workers = new ArrayList<>();
    private int maxWorkers;
    private final AtomicInteger waiting = new AtomicInteger();

    /** A loop whose open replies are libfuse's own. */
    public SessionLoop() {
        this(null);
    }

    /**
     * @param nothingToFlush handles whose close needs no FLUSH request (immutable content), marked
     *                       so in their open reply ({@link OpenReplyChannel}); null for none
     */
    public SessionLoop(LongPredicate nothingToFlush) {
        this.nothingToFlush = nothingToFlush;
    }

    /** libfuse's command line for a foreground mount, as jnr-fuse builds it. */
    public static String[] arguments(String fsName, Path mountPoint, boolean debug, String[] options) {
        List<String> args = new ArrayList<>(List.of(fsName, "-f"));
        if (debug) {
            args.add("-d");
        }
        args.add(mountPoint.toAbsolutePath().toString());
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }

    /**
     * Mounts with libfuse's command line ({@code args[0]} is the program name) and serves until the
     * file system is unmounted.
     *
     * @param operations the {@code struct fuse_operations} jnr-fuse built for the file system
     * @throws FuseException if mounting failed (libfuse has printed why) or a worker failed
     */
    public void serve(Struct operations, String[] args) {
        Pointer argv = argv(args);
        PointerByReference mountpoint = new PointerByReference();
        IntByReference multithreaded = new IntByReference();
        Pointer fuse = lib.fuse_setup(args.length, argv, Struct.getMemory(operations), Struct.size(operations),
                mountpoint, multithreaded, null);
        if (fuse == null) {
            throw new FuseException("Unable to mount FS, return code = 1");
        }
        attach(fuse);
        boolean drained = true;
        if (lib.fuse_start_cleanup_thread(fuse) != 0) {
            failed.set(true);
        } else {
            drained = runWorkers(multithreaded.intValue() != 0 ? WORKERS : 1);
            lib.fuse_stop_cleanup_thread(fuse);
        }
        if (drained) {
            lib.fuse_teardown(fuse, mountpoint.getValue());
        } else {
            // A worker still blocked on /dev/fuse would wake into a destroyed session; the kernel
            // ends the connection when this process exits.
            LOG.warn("FUSE workers still waiting on the device {} s after the session ended; skipping teardown",
                    DRAIN_SECONDS);
        }
        if (failed.get()) {
            throw new FuseException("the FUSE session failed reading /dev/fuse");
        }
    }

    /**
     * Serves a session on descriptor {@code fd} (a socket whose other end plays the kernel,
     * {@link LoopbackKernel}) instead of a mount, until {@link #exit} and the other end's close: no
     * {@code fuse_setup}, so no mount, no signal handlers and no fusermount. {@code args[0]} is the
     * program name, the rest {@code fuse_new}'s options. The descriptor is the session's from here on.
     *
     * @throws FuseException if libfuse refused the options, or a worker failed
     */
    public void serveChannel(Struct operations, int fd, String[] args, int workers) {
        Pointer ch = lib.fuse_kern_chan_new(fd);
        if (ch == null) {
            Libc.require().close(fd);
            throw new FuseException("libfuse could not make a channel of descriptor " + fd);
        }
        // struct fuse_args on LP64: int argc; char **argv; int allocated.
        Pointer fuseArgs = Memory.allocateDirect(runtime, 24, true);
        fuseArgs.putInt(0, args.length);
        fuseArgs.putPointer(8, argv(args));
        Pointer fuse = FuseNew.call(runtime, ch, fuseArgs, operations);
        if (fuse == null) {
            lib.fuse_chan_destroy(ch);
            lib.fuse_opt_free_args(fuseArgs);
            throw new FuseException("libfuse refused the session options " + List.of(args));
        }
        attach(fuse);
        if (runWorkers(workers)) {
            lib.fuse_destroy(fuse); // the session's channel closes the descriptor
        }
        lib.fuse_opt_free_args(fuseArgs);
        if (failed.get()) {
            throw new FuseException("the FUSE session failed reading its channel");
        }
    }

    /** Takes the session of {@code fuse}, its channel and that channel's buffer size, before any worker starts. */
    private void attach(Pointer fuse) {
        Pointer se = lib.fuse_get_session(fuse);
        channel = lib.fuse_session_next_chan(se, null);
        bufferSize = lib.fuse_chan_bufsize(channel);
        replies = new ReplyChannels(lib, runtime, lib.fuse_chan_fd(channel), bufferSize, nothingToFlush);
        session = se; // last: exit() acts only on a session whose workers can be told
    }

    /** Ends a session: its workers leave on their next request, or at once if the other end is closed. */
    public void exit() {
        Pointer se = session;
        if (se != null) {
            lib.fuse_session_exit(se);
        }
    }

    /** Runs the workers; true once all have left, false if some still wait on the device after the drain. */
    private boolean runWorkers(int max) {
        synchronized (this) {
            maxWorkers = max;
        }
        for (int i = 0; i < Math.min(FIRST_WORKERS, max); i++) {
            addWorker();
        }
        try {
            Thread first = workers().get(0);
            while (lib.fuse_session_exited(session) == 0 && workers().stream().allMatch(Thread::isAlive)) {
                first.join(200);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
            for (Thread t : workers()) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lib.fuse_session_exit(session);
        }
        return workers().stream().noneMatch(Thread::isAlive);
    }

    /** Starts one more worker, unless the session has ended or has its maximum. */
    private synchronized void addWorker() {
        if (workers.size() >= maxWorkers || lib.fuse_session_exited(session) != 0) {
            return;
        }
        Thread t = new Thread(this::work, "vipfs-fuse-" + (workers.size() + 1));
        t.setDaemon(true);
        workers.add(t);
        t.start();
    }

    private synchronized List<Thread> workers() {
        return List.copyOf(workers);
    }

    /** One worker: fuse_loop_mt.c's fuse_do_work, minus the pool's shrinking. */
    private void work() {
        Pointer buffer = Memory.allocateDirect(runtime, (int) bufferSize);
        Pointer fbuf = Memory.allocateDirect(runtime, FUSE_BUF_BYTES);
        Pointer chp = Memory.allocateDirect(runtime, runtime.addressSize());
        while (lib.fuse_session_exited(session) == 0) {
            fbuf.putLong(BUF_SIZE, bufferSize);
            fbuf.putInt(BUF_FLAGS, 0);
            fbuf.putPointer(BUF_MEM, buffer);
            fbuf.putInt(BUF_FD, 0);
            fbuf.putLong(BUF_POS, 0);
            chp.putPointer(0, channel);
            waiting.incrementAndGet();
            int res = lib.fuse_session_receive_buf(session, fbuf, chp);
            long busySince = waiting.decrementAndGet() == 0 ? System.nanoTime() : 0;
            if (res == -EINTR) {
                continue;
            }
            if (res <= 0) {
                if (res < 0) {
                    lib.fuse_session_exit(session);
                    failed.set(true);
                }
                break;
            }
            Pointer ch = fbuf.getInt(BUF_FLAGS) == 0 ? replies.forRequest(buffer, chp.getPointer(0)) : chp.getPointer(0);
            lib.fuse_session_process_buf(session, fbuf, ch);
            // Every other worker was busy when this request came, and still is after a request long
            // enough to have kept others waiting: one more waits for the next. (Without the time, a
            // single caller's requests, each sent the moment the last reply arrived, found the
            // replying worker not yet back and grew the pool to its maximum.)
            if (busySince != 0 && waiting.get() == 0 && System.nanoTime() - busySince > GROW_AFTER_NANOS) {
                addWorker();
            }
        }
        // Whoever leaves first wakes the others' wait: they see the session exited on their next request
        // or get ENODEV from the unmounted device.
        lib.fuse_session_exit(session);
    }

    /** A NULL-terminated argv in native memory that outlives fuse_setup. */
    private Pointer argv(String[] args) {
        int word = runtime.addressSize();
        Pointer argv = Memory.allocateDirect(runtime, (args.length + 1) * word, true);
        for (int i = 0; i < args.length; i++) {
            byte[] bytes = args[i].getBytes(StandardCharsets.UTF_8);
            Pointer s = Memory.allocateDirect(runtime, bytes.length + 1, true);
            s.put(0, bytes, 0, bytes.length);
            argvMemory.add(s);
            argv.putPointer((long) i * word, s);
        }
        argvMemory.add(argv);
        return argv;
    }
}
