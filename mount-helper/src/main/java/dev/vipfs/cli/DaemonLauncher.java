package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;

import dev.vipfs.libc.Libc;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * `vipfs mount --daemon`, as `rclone mount --daemon`: the JVM cannot fork, so it starts itself again
 * without --daemon in a new session and waits until that process says the mount serves (a line on
 * a pipe, written once FUSE init ran and privileges are dropped) or ends (its reason is already on
 * stderr, which it shares). The exit code is then 0 or the daemon's own.
 */
final class DaemonLauncher {
    /** Set in the daemon's environment: its stdout is the pipe the launcher waits on. */
    static final String READY_ENV = "VIPFS_DAEMON_READY";
    private static final String READY = "ready";
    /** The launcher relays the daemon's stderr until it serves; then the daemon points fd 2 at /dev/null. */
    private static final String RELAYED = "relayed-stderr";
    private static final long WAIT_SECONDS = 60;

    private DaemonLauncher() { }

    static int launch(Path mountpoint, Path log) throws UserException, IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.addAll(commandWithoutDaemon());
        // Not the launcher's stderr itself: whoever reads it to the end (a $(…), a test) would wait for
        // the daemon to exit. Its messages are relayed until it serves; after that they go to the log, or nowhere.
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(log == null ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put(READY_ENV, log == null ? RELAYED : "1");
        Process p = pb.start();
        Thread relay = null;
        if (log == null) {
            relay = new Thread(() -> {
                try {
                    p.getErrorStream().transferTo(System.err);
                } catch (IOException ignored) {
                    // the daemon let go of the pipe
                }
            }, "vipfs-daemon-stderr");
            relay.setDaemon(true);
            relay.start();
        }
        String line = readLine(p);
        if (READY.equals(line)) {
            System.err.println("vipfs: mounted at " + mountpoint.toAbsolutePath().normalize() + " (daemon pid "
                    + p.pid() + "; vipfs umount " + mountpoint + " to stop it)");
            return ExitCodes.OK;
        }
        if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroy();
            throw new UserException("the mount did not report ready within " + WAIT_SECONDS + " s; stopped it"
                    + (log == null ? "" : " (see " + log + ")"), ExitCodes.FAILED);
        }
        int code = p.exitValue();
        if (relay != null) {
            relay.join(2_000); // the reason it printed before exiting
        }
        if (log != null) {
            System.err.println("vipfs: the daemon exited with " + code + " before the mount served; its last messages:");
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - 5), lines.size()).forEach(System.err::println);
        }
        return code == ExitCodes.OK ? ExitCodes.FAILED : code;
    }

    /** Called by the daemon once it serves: tells the launcher, then lets go of the pipe. */
    static void signalReady() {
        if (System.getenv(READY_ENV) == null) {
            return;
        }
        try (OutputStream out = new FileOutputStream(FileDescriptor.out)) {
            out.write((READY + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // The launcher is gone (killed); the mount serves regardless.
        }
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        if (RELAYED.equals(System.getenv(READY_ENV))) {
            Libc.Calls c = Libc.C;
            int devNull = c == null ? -1 : c.open("/dev/null", Libc.O_WRONLY, 0);
            if (devNull >= 0) {
                c.dup2(devNull, 2);
                c.close(devNull);
            }
        }
    }

    private static String readLine(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        // Bounded by the daemon: it writes the line or exits (closing the pipe) within its start-up.
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    p.getInputStream().close();
                }
            } catch (InterruptedException | IOException ignored) {
                // the read below returns either way
            }
        }, "vipfs-daemon-wait");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            return r.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /** This JVM's own command line (java, its options, the class path, Main) with the mount's arguments minus --daemon. */
    private static List<String> commandWithoutDaemon() throws IOException, UserException {
        String[] argv = new String(Files.readAllBytes(Path.of("/proc/self/cmdline")), StandardCharsets.UTF_8).split("\0");
        List<String> cmd = new ArrayList<>();
        int i = 0;
        for (; i < argv.length; i++) {
            cmd.add(argv[i]);
            if (argv[i].equals(Main.class.getName())) {
                i++;
                break;
            }
        }
        if (i >= argv.length && !cmd.contains(Main.class.getName())) {
            throw new UserException("--daemon needs vipfs started as its launcher does (java … " + Main.class.getName()
                    + " …); run it in the background yourself instead", ExitCodes.FAILED);
        }
        for (; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("--daemon")) {
                continue;
            }
            if (a.equals("--daemon-log")) {
                i++;
                continue;
            }
            if (a.startsWith("--daemon-log=")) {
                continue;
            }
            cmd.add(a);
        }
        return cmd;
    }
}
