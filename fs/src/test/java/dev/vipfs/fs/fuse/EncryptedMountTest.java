package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.mount.Mounts;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.policy.PolicyEngine;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads encrypted content through a real kernel FUSE mount. */
class EncryptedMountTest {
    @TempDir
    static Path tmp;

    static MountFixture fx;
    static byte[] big;
    static ImportedNode bigNode;
    static ImportedNode dir;

    @BeforeAll
    static void mount() throws Exception {
        fx = new MountFixture(tmp);
        big = new byte[5 * 1024 * 1024 + 777];
        new Random(7).nextBytes(big);
        bigNode = fx.addEncrypted(big);
        SortedMap<String, ImportedNode> entries = new TreeMap<>();
        entries.put("big.bin", bigNode);
        entries.put("hello.txt", fx.addEncrypted("hello\n".getBytes(StandardCharsets.UTF_8)));
        entries.put("empty", fx.addEncrypted(new byte[0]));
        dir = fx.importer.addDirectory(entries);
        fx.catalog.record("test", dir.cid(), true);
        fx.mount(PolicyEngine.allowAll(), MountOptions.builder().allowOther(new UnixSystem().getUid() == 0).build());
    }

    @AfterAll
    static void unmount() throws Exception {
        fx.close();
        assertFalse(Mounts.isMounted(fx.mountpoint), "mount left behind");
    }

    @Test
    void readsWholeMultiMegabyteFileThroughKernel() throws Exception {
        Path p = fx.path(dir.cid(), "big.bin");
        assertEquals(big.length, Files.size(p));
        assertArrayEquals(big, Files.readAllBytes(p));
    }

    @Test
    void readsAtAnOffsetInTheMiddle() throws Exception {
        Path p = fx.path(dir.cid(), "big.bin");
        long offset = big.length / 2 + 12_345;
        byte[] got = new byte[200_000];
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "r")) {
            raf.seek(offset);
            raf.readFully(got);
        }
        assertArrayEquals(Arrays.copyOfRange(big, (int) offset, (int) offset + got.length), got);
    }

    @Test
    void listsDirectoryAndRoot() throws Exception {
        try (var s = Files.list(fx.path(dir.cid()))) {
            assertEquals(List.of("big.bin", "empty", "hello.txt"),
                    s.map(x -> x.getFileName().toString()).sorted().toList());
        }
        try (var s = Files.list(fx.mountpoint)) {
            assertEquals(List.of(dir.cid().toV1().toString()), s.map(x -> x.getFileName().toString()).toList());
        }
        assertEquals("hello\n", Files.readString(fx.path(dir.cid(), "hello.txt")));
        assertEquals(0, Files.size(fx.path(dir.cid(), "empty")));
        assertEquals(0, Files.readAllBytes(fx.path(dir.cid(), "empty")).length);
    }

    @Test
    void exposesCidAsXattr() throws Exception {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(fx.path(dir.cid(), "big.bin"),
                UserDefinedFileAttributeView.class);
        ByteBuffer buf = ByteBuffer.allocate(256);
        int n = view.read("vipfs.cid", buf);
        assertEquals(bigNode.cid().toString(), new String(buf.array(), 0, n, StandardCharsets.UTF_8));
    }

    @Test
    void missingLinkIsEnoentAndBadCidIsEnoent() {
        assertThrows(NoSuchFileException.class, () -> Files.size(fx.path(dir.cid(), "nope")));
        assertThrows(NoSuchFileException.class, () -> Files.size(fx.mountpoint.resolve("not-a-cid")));
    }

    @Test
    void anotherUidReadsWithAllowOther() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount with allow_other");
        // JUnit's temp directory is 0700; the other uid must be able to reach the mountpoint.
        java.nio.file.Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path p = fx.path(dir.cid(), "hello.txt");
        Process proc = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "cat", p.toString()).redirectErrorStream(true).start();
        byte[] out = proc.getInputStream().readAllBytes();
        assertEquals(0, proc.waitFor(), new String(out, StandardCharsets.UTF_8));
        assertEquals("hello\n", new String(out, StandardCharsets.UTF_8));
        assertTrue(Files.size(fx.auditFile) > 0, "audit trail written");
    }
}
