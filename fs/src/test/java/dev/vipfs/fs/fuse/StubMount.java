package dev.vipfs.fs.fuse;

import dev.vipfs.fs.mount.Mounts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;

/** A test file system served on a thread of its own until closed (fusermount -u). */
final class StubMount implements AutoCloseable {
    private final Path mountPoint;
    private final Thread serving;

    private StubMount(Path mountPoint, Thread serving) {
        this.mountPoint = mountPoint;
        this.serving = serving;
    }

    /** Mounts {@code fs} at {@code mountPoint} and waits up to 20 s for the mount to appear. */
    static StubMount start(FuseStubFS fs, Path mountPoint, String[] options) throws InterruptedException {
        Thread t = new Thread(() -> fs.mount(mountPoint, true, false, options), "stub-mount");
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Mounts.isMounted(mountPoint) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return new StubMount(mountPoint, t);
    }

    /** Fills in the attributes of a test file system's root, a read-only directory; returns 0. */
    static int rootAttributes(FileStat stat) {
        stat.st_mode.set(FileStat.S_IFDIR | 0555);
        stat.st_nlink.set(2);
        return 0;
    }

    boolean mounted() {
        return Mounts.isMounted(mountPoint);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("fusermount", "-u", mountPoint.toString()).inheritIO().start().waitFor(20, TimeUnit.SECONDS);
        serving.join(TimeUnit.SECONDS.toMillis(20));
    }
}
