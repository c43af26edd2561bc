package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;

/**
 * On a real mount: a lookup that is held up (a fetch waiting on a slow store) does not hold up a
 * lookup of another name in the same directory, as it did before the INIT reply asked the kernel for
 * parallel directory operations.
 */
class InitReplyChannelMountTest {
    @TempDir
    Path tmp;

    /** A root with two files; looking up "slow" waits until the test lets it go. */
    static final class HeldLookup extends FuseStubFS {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public int getattr(String path, FileStat stat) {
            if (path.equals("/")) {
                return StubMount.rootAttributes(stat);
            }
            if (path.equals("/slow")) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (!path.startsWith("/fast")) {
                return -ErrorCodes.ENOENT();
            }
            stat.st_mode.set(FileStat.S_IFREG | 0444);
            stat.st_nlink.set(1);
            return 0;
        }

        @Override
        public void mount(Path mountPoint, boolean blocking, boolean debug, String[] options) {
            new SessionLoop(null).serve(fuseOperations, SessionLoop.arguments("initreply", mountPoint, debug, options));
        }
    }

    @Test
    void aHeldLookupDoesNotHoldUpTheOthersInItsDirectory() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/dev/fuse")), "needs /dev/fuse");
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        HeldLookup fs = new HeldLookup();
        try (StubMount m = StubMount.start(fs, mnt, new String[0])) {
            assumeTrue(m.mounted(), "FUSE mount not available here");
            CompletableFuture<Boolean> slow = CompletableFuture.supplyAsync(() -> Files.exists(mnt.resolve("slow")));
            assertTrue(fs.entered.await(20, TimeUnit.SECONDS), "the held lookup never reached the file system");
            // Names never looked up before, so each lookup reaches the daemon while "slow" is held.
            CompletableFuture<Boolean> fast = CompletableFuture.supplyAsync(
                    () -> Files.exists(mnt.resolve("fast-1")) && Files.exists(mnt.resolve("fast-2")));
            try {
                assertTrue(fast.get(10, TimeUnit.SECONDS), "lookups beside a held one failed");
            } finally {
                fs.release.countDown(); // before the unmount, which would wait for the held lookup
            }
            assertTrue(slow.get(20, TimeUnit.SECONDS));
        }
    }
}
