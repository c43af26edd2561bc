package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jnr.ffi.Pointer;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * On a real mount: a handle the loop is told has nothing to flush is closed without a FLUSH
 * request, every other handle still gets its FLUSH (the writable tree commits there), and both are
 * opened, read and released as before.
 */
class OpenReplyChannelMountTest {
    private static final byte[] DATA = "immutable bytes\n".getBytes(StandardCharsets.US_ASCII);
    private static final long IMMUTABLE_FH = 7;
    private static final long OTHER_FH = 8;

    @TempDir
    Path tmp;

    /** Two files that differ only in the handle their open returns; counts flush and release per file. */
    static final class TwoFiles extends FuseStubFS {
        final Map<String, AtomicInteger> flushes = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> releases = new ConcurrentHashMap<>();

        @Override
        public int getattr(String path, FileStat stat) {
            if (path.equals("/")) {
                return StubMount.rootAttributes(stat);
            }
            if (!path.equals("/immutable") && !path.equals("/other")) {
                return -ErrorCodes.ENOENT();
            }
            stat.st_mode.set(FileStat.S_IFREG | 0444);
            stat.st_nlink.set(1);
            stat.st_size.set(DATA.length);
            return 0;
        }

        @Override
        public int open(String path, FuseFileInfo fi) {
            fi.fh.set(path.equals("/immutable") ? IMMUTABLE_FH : OTHER_FH);
            return 0;
        }

        @Override
        public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
            int n = (int) Math.max(0, Math.min(size, DATA.length - offset));
            buf.put(0, DATA, (int) offset, n);
            return n;
        }

        @Override
        public int flush(String path, FuseFileInfo fi) {
            flushes.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            return 0;
        }

        @Override
        public int release(String path, FuseFileInfo fi) {
            releases.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            return 0;
        }

        int count(Map<String, AtomicInteger> m, String path) {
            AtomicInteger n = m.get(path);
            return n == null ? 0 : n.get();
        }

        @Override
        public void mount(Path mountPoint, boolean blocking, boolean debug, String[] options) {
            new SessionLoop(fh -> fh == IMMUTABLE_FH).serve(fuseOperations,
                    SessionLoop.arguments("openreply", mountPoint, debug, options));
        }
    }

    @Test
    void onlyHandlesWithNothingToFlushCloseWithoutAFlush() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/dev/fuse")), "needs /dev/fuse");
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        TwoFiles fs = new TwoFiles();
        try (StubMount m = StubMount.start(fs, mnt, new String[] {"-o", "direct_io"})) {
            assumeTrue(m.mounted(), "FUSE mount not available here");
            for (int i = 0; i < 20; i++) {
                // direct_io: every open reads through the daemon, so each handle serves real reads.
                assertArrayEquals(DATA, Files.readAllBytes(mnt.resolve("immutable")));
                assertArrayEquals(DATA, Files.readAllBytes(mnt.resolve("other")));
            }
            assertEquals(20, fs.count(fs.flushes, "/other"), "a handle that may have something to flush keeps its FLUSH");
            assertEquals(0, fs.count(fs.flushes, "/immutable"), "closing an immutable handle sent FLUSH");
            // RELEASE is sent after close returns: wait for the last ones.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((fs.count(fs.releases, "/immutable") < 20 || fs.count(fs.releases, "/other") < 20) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(20, fs.count(fs.releases, "/immutable"));
            assertEquals(20, fs.count(fs.releases, "/other"));
        }
    }
}
