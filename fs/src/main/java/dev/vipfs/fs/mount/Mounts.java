package dev.vipfs.fs.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Facts about the kernel's mount table and the checks a mountpoint must pass. */
public final class Mounts {
    private Mounts() { }

    public static void checkMountpoint(Path mountpoint) throws MountpointException {
        if (!Files.exists(mountpoint)) {
            throw new MountpointException("mountpoint " + mountpoint + " does not exist");
        }
        if (!Files.isDirectory(mountpoint)) {
            throw new MountpointException("mountpoint " + mountpoint + " is not a directory");
        }
        if (isMounted(mountpoint)) {
            throw new MountpointException("something is already mounted on " + mountpoint
                    + " (unmount it first: vipfs umount " + mountpoint + ")");
        }
        try (Stream<Path> s = Files.list(mountpoint)) {
            if (s.findAny().isPresent()) {
                throw new MountpointException("mountpoint " + mountpoint + " is not empty");
            }
        } catch (IOException e) {
            throw new MountpointException("cannot read mountpoint " + mountpoint + ": " + e.getMessage());
        }
    }

    public static boolean isMounted(Path mountpoint) {
        try {
            return entry(mountpoint) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A line of the mount table: what is mounted (the source), its type and its device number
     * ("MAJOR:MINOR", which names the mount's backing device in /sys/class/bdi).
     */
    public record Entry(String source, String type, String device) { }

    /** The mount table's entry for a mountpoint, or null when nothing is mounted there. */
    public static Entry entry(Path mountpoint) throws IOException {
        return entry(mountinfo(), mountpoint);
    }

    /**
     * The entry of the mount made on {@code mountpoint} under the name the table gives it
     * ({@link #tableName}), or null. Read from the mount table, never from the mountpoint itself: a
     * FUSE mount's own daemon asks this in its init, when a stat of its root would wait for that
     * init to finish.
     */
    public static Entry entryAsMounted(Path mountpoint) throws IOException {
        return entry(mountinfo(), tableName(mountpoint));
    }

    private static List<String> mountinfo() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo"));
    }

    /**
     * The name the mount table gives a mount made on {@code mountpoint}: its parent resolved (as
     * fusermount resolves it), the last element kept. The parent is not the mount, so resolving it
     * waits for no FUSE daemon.
     */
    static Path tableName(Path mountpoint) throws IOException {
        Path at = mountpoint.toAbsolutePath().normalize();
        Path parent = at.getParent();
        return parent == null || at.getFileName() == null ? at : parent.toRealPath().resolve(at.getFileName());
    }

    /** {@link #entry(Path)} over the given mountinfo lines. */
    static Entry entry(List<String> mountinfo, Path mountpoint) {
        String want = mountpoint.toAbsolutePath().normalize().toString();
        Entry found = null;
        for (String line : mountinfo) {
            // ID PARENT MAJOR:MINOR ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER-OPTIONS
            String[] f = line.split(" ");
            int dash = Arrays.asList(f).indexOf("-");
            if (f.length > 4 && dash > 4 && dash + 2 < f.length && unescape(f[4]).equals(want)) {
                found = new Entry(unescape(f[dash + 2]), f[dash + 1], f[2]); // the last one is on top
            }
        }
        return found;
    }

    /** Waits until the mountpoint appears in (or, if mounted is false, leaves) the mount table. */
    public static boolean await(Path mountpoint, boolean mounted, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (isMounted(mountpoint) == mounted) {
                return true;
            }
            Thread.sleep(20);
        }
        return isMounted(mountpoint) == mounted;
    }

    /** Unmounts with fusermount (lazily if busy); returns true once the mount is gone. */
    public static boolean unmount(Path mountpoint) throws IOException, InterruptedException {
        String mp = mountpoint.toAbsolutePath().normalize().toString();
        if (run("fusermount", "-u", mp) != 0 && run("fusermount", "-u", "-z", mp) != 0) {
            run("umount", "-l", mp);
        }
        return await(mountpoint, false, 5000);
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
