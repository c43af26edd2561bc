package dev.vipfs.fs.mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * The kernel's read-ahead window for one FUSE mount: {@code read_ahead_kb} of the backing device
 * the kernel gives each mount ({@code /sys/class/bdi/MAJOR:MINOR}). FUSE starts every mount at
 * 128 KiB and lets the daemon's INIT reply only lower it, so a sequential reader has one or two
 * READs in flight; a wider window lets the kernel keep several FUSE threads decrypting at once
 * (docs/benchmarks.md, "Read-ahead by the kernel"). Writing it takes root: the mount sets it in
 * its init, before the drop to the service user and before the INIT reply (which then must not
 * cap it: VipfsFuse), and carries on with the kernel's when it cannot.
 */
public final class KernelReadAhead {
    /** Major:minor as the mount table prints them; anything else is not a device to write to. */
    private static final Pattern DEVICE = Pattern.compile("\\d{1,10}:\\d{1,10}");
    private static final Path BDI = Path.of("/sys/class/bdi");

    private KernelReadAhead() { }

    /**
     * Sets the read-ahead window of the FUSE mount on {@code mountpoint} to {@code kib} KiB.
     *
     * @throws IOException when nothing FUSE is mounted there or the window cannot be written (not
     *     root, or /sys read-only as in a sandboxed service)
     */
    public static void set(Path mountpoint, int kib) throws IOException {
        Files.writeString(window(mountpoint), Integer.toString(kib), StandardCharsets.US_ASCII,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** The current window, in KiB, of the FUSE mount on {@code mountpoint}; -1 when there is none to read. */
    public static int get(Path mountpoint) throws IOException {
        Path window;
        try {
            window = window(mountpoint);
        } catch (IOException e) {
            return -1;
        }
        return Files.exists(window) ? Integer.parseInt(Files.readString(window, StandardCharsets.US_ASCII).trim()) : -1;
    }

    /** The read_ahead_kb file of the FUSE mount on {@code mountpoint}. */
    private static Path window(Path mountpoint) throws IOException {
        Mounts.Entry mount = Mounts.entryAsMounted(mountpoint);
        if (mount == null || !mount.type().startsWith("fuse")) {
            throw new IOException("no FUSE mount on " + mountpoint);
        }
        if (!DEVICE.matcher(mount.device()).matches()) {
            throw new IOException("unexpected device number '" + mount.device() + "' for " + mountpoint);
        }
        return BDI.resolve(mount.device()).resolve("read_ahead_kb");
    }
}
