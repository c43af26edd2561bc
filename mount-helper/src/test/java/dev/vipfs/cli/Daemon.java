package dev.vipfs.cli;

import dev.vipfs.fs.mount.Mounts;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** `vipfs mount` in a separate JVM process, started the way the launcher starts it. */
final class Daemon implements AutoCloseable {
    final Process process;
    final Path mountpoint;
    final Path log;

    private Daemon(Process process, Path mountpoint, Path log) {
        this.process = process;
        this.mountpoint = mountpoint;
        this.log = log;
    }

    static Daemon start(Path home, Path mountpoint, String... mountArgs) throws Exception {
        return start(List.of(), java.util.Map.of(), home, mountpoint, mountArgs);
    }

    /** With extra environment variables, e.g. NOTIFY_SOCKET. */
    static Daemon start(java.util.Map<String, String> env, Path home, Path mountpoint, String... mountArgs)
            throws Exception {
        return start(List.of(), env, home, mountpoint, mountArgs);
    }

    /** The JVM run under {@code wrapper} (e.g. unshare), with extra environment variables. */
    static Daemon start(List<String> wrapper, java.util.Map<String, String> env, Path home, Path mountpoint,
                        String... mountArgs) throws Exception {
        // No setpriv --no-new-privs: the daemon must set no_new_privs on every thread by itself.
        // A class path the service user can read: after the drop the JVM still opens jars lazily, and a
        // jar it cannot open (the Maven repository under /root is 0700) is skipped for good, so a class
        // first needed after the drop (a name-service lookup's, say) would be missing at random.
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", ReadableClasspath.get(), Main.class.getName(), "--home", home.toString(), "mount"));
        cmd.addAll(List.of(mountArgs));
        cmd.add(mountpoint.toString());
        Path log = Files.createTempFile("vipfs-daemon", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        Daemon d = new Daemon(p, mountpoint, log);
        // A JVM start plus key loading on a loaded 2-core CI host can take far longer than here.
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Mounts.isMounted(mountpoint)) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                boolean died = !p.isAlive();
                String output = Files.readString(log); // close() deletes the log
                d.close();
                throw new IllegalStateException("daemon " + (died ? "exited" : "did not mount within 60 s")
                        + ": " + output);
            }
            Thread.sleep(50);
        }
        return d;
    }

    String output() throws Exception {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        Mounts.await(mountpoint, false, 5_000);
        if (Mounts.isMounted(mountpoint)) {
            Mounts.unmount(mountpoint);
        }
        keepLog();
    }

    /** The daemon's output stays in target/daemon-logs, so a failed run (in CI too) can be read afterwards. */
    private void keepLog() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "daemon-logs"));
            Files.move(log, dir.resolve(log.getFileName()));
        } catch (java.io.IOException e) {
            new File(log.toString()).delete();
        }
    }
}
