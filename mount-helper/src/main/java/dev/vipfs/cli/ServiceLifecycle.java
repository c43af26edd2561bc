package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.fs.mount.Mounts;
import dev.vipfs.libc.Libc;
import dev.vipfs.node.MountSession;
import dev.vipfs.privilege.SdNotify;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * How a mount behaves as a service: readiness, reload and stop, reported to systemd (sd_notify) and
 * driven by signals. SIGHUP re-reads policies and reopens the audit log; SIGTERM and SIGINT unmount
 * and end the process with exit 0, so that `systemctl stop` is not recorded as a failure.
 */
final class ServiceLifecycle {
    /** How long a stop waits for the serving thread to wind down once the mount is gone. */
    private static final long STOP_WAIT_SECONDS = 10;
    private static final int SIGHUP = 1;

    private final SdNotify notify;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch served = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile MountSession session;
    private int reloads; // guarded by this: the signal thread and nothing else

    ServiceLifecycle(SdNotify notify) {
        this.notify = notify;
    }

    /**
     * Installed first thing: a signal that arrives while keys load or before FUSE init must reload or
     * stop, not reach the JVM's default handler (SIGHUP would end the process, SIGTERM would exit 143,
     * which systemd records as a failure).
     */
    void installSignalHandlers() {
        Signal hup = new Signal("HUP");
        SignalHandler reload = sig -> reload();
        if (Signal.handle(hup, reload) == SignalHandler.SIG_IGN && Libc.C != null) {
            // Started under nohup (or by anything that ignores SIGHUP): the JVM installs no handler
            // for a signal ignored at its start, so `kill -HUP` would reload nothing, silently.
            // SIGHUP only ever reloads here and never ends the process, which is what nohup is for.
            Libc.C.signal(SIGHUP, null);
            Signal.handle(hup, reload);
        }
        Signal.handle(new Signal("TERM"), sig -> stop());
        Signal.handle(new Signal("INT"), sig -> stop());
    }

    /** The session signals now act on; until then SIGHUP does nothing and SIGTERM just exits 0. */
    void attach(MountSession session) {
        this.session = session;
        if (stopping.get()) {
            System.exit(ExitCodes.OK); // a stop arrived while the session was being built
        }
    }

    /** Called once FUSE init has run and privileges are dropped: the mount is in place and serving. */
    void ready() {
        notify.send("READY=1\nSTATUS=serving " + session.mountpoint());
        DaemonLauncher.signalReady();
    }

    /**
     * Each reload changes STATUS= (a count, and whether it worked): packaging/libexec/vipfs-reload
     * waits for that change so `systemctl reload` returns once the reload is in force.
     */
    synchronized boolean reload() {
        MountSession s = session;
        if (s == null || stopping.get()) {
            return false;
        }
        // MONOTONIC_USEC lets systemd >= 253 (Type=notify-reload) match this reload to its request.
        notify.send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000);
        boolean ok = s.reload();
        reloads++;
        notify.send("READY=1\nSTATUS=serving " + s.mountpoint() + "; reload " + reloads
                + (ok ? " done" : " failed (see the log)"));
        return ok;
    }

    /** Runs the FUSE loop on the calling thread; returns when the mount is gone. */
    void serve(MountSession s) throws UserException {
        try {
            s.runForeground();
        } finally {
            served.countDown();
        }
    }

    /** The caller finished closing the session after {@link #serve}; a pending stop may now exit. */
    void closed() {
        closed.countDown();
    }

    private void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        notify.send("STOPPING=1");
        MountSession s = session;
        if (s == null) {
            System.exit(ExitCodes.OK); // nothing mounted yet
        }
        s.requestUnmount();
        boolean unmounted = !Mounts.isMounted(s.mountpoint());
        try {
            if (unmounted && served.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                // The main thread closes the session and returns 0 through Main.
                closed.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A daemon that dropped its privileges cannot unmount; it ends here, and the root fusermount
        // watchdog of auto_unmount removes the mount as soon as the FUSE connection closes.
        System.err.println("vipfs: stopping; the mount is removed as the process exits");
        System.exit(ExitCodes.OK);
    }
}
