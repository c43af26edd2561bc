package dev.vipfs.fs.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.fs.attrs.DirectoryAttributes;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.ipfs.car.CarExporter;
import dev.vipfs.ipfs.car.CarImporter;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modes and times set in MOUNT/data travel with the shared tree in sealed attributes objects
 * (docs/format.md, "Attributes objects"): read back by CID on the same mount, and on another node
 * that imported the CAR export and holds the same private key.
 */
class AttributeObjectMountTest {
    @TempDir
    Path tmp;

    private static final Instant OLD = Instant.parse("2020-01-02T03:04:05Z");
    private static final Instant OLDER = Instant.parse("2016-02-03T04:05:06Z");

    private static void touched(WriteFixture fx) throws Exception {
        Path t = Files.createDirectories(fx.data("t/sub"));
        Files.writeString(t.resolve("../secret.txt").normalize(), "only me\n");
        Files.writeString(fx.data("t/plain.txt"), "anyone\n");
        Files.setPosixFilePermissions(fx.data("t/secret.txt"), PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(fx.data("t/secret.txt"), FileTime.from(OLD));
        Files.setPosixFilePermissions(fx.data("t/sub"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(fx.data("t/sub"), FileTime.from(OLDER));
        fx.awaitIdle();
    }

    private static String mode(Path p) throws IOException {
        return Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
    }

    private static void assertCarried(Path byCid) throws IOException {
        assertEquals("600", mode(byCid.resolve("secret.txt")));
        assertEquals(OLD, Files.getLastModifiedTime(byCid.resolve("secret.txt")).toInstant());
        assertEquals("750", mode(byCid.resolve("sub")));
        assertEquals(OLDER, Files.getLastModifiedTime(byCid.resolve("sub")).toInstant());
        assertEquals("644", mode(byCid.resolve("plain.txt")), "an untouched entry shows the mode it had in MOUNT/data");
        assertEquals("only me\n", Files.readString(byCid.resolve("secret.txt")));
        try (Stream<Path> list = Files.list(byCid)) {
            assertEquals(List.of("plain.txt", "secret.txt", "sub"),
                    list.map(p -> p.getFileName().toString()).sorted().toList(), "the attributes object is not listed");
        }
        assertFalse(Files.exists(byCid.resolve(DirectoryAttributes.LINK_NAME)), "nor reachable by name");
    }

    @Test
    void modesAndTimesReadBackByCidOnTheSameMount() throws Exception {
        try (WriteFixture fx = new WriteFixture(Files.createDirectories(tmp.resolve("home"))).mount()) {
            touched(fx);
            Cid root = fx.ns.cid("t");
            assertTrue(new UnixfsReader(fx.store).lookup(root, DirectoryAttributes.LINK_NAME).isPresent());
            assertCarried(fx.mountpoint.resolve(CidSpelling.canonical(root)));
            Files.move(fx.data("t/secret.txt"), fx.data("t/sub/moved.txt"));
            Files.writeString(fx.data("t/sub/moved.txt"), "a new version\n", java.nio.file.StandardOpenOption.APPEND);
            Files.setLastModifiedTime(fx.data("t/sub/moved.txt"), FileTime.from(OLD));
            fx.awaitIdle();
            Path moved = fx.mountpoint.resolve(CidSpelling.canonical(fx.ns.cid("t"))).resolve("sub/moved.txt");
            assertEquals("600", mode(moved), "a rename and a new version keep the mode, in the moved-to directory's object");
            assertEquals(OLD, Files.getLastModifiedTime(moved).toInstant());
        }
    }

    @Test
    void aRestartKeepsTheCidAndTheObjectStaysUnserved() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Cid root;
        Cid object;
        try (WriteFixture fx = new WriteFixture(home).mount()) {
            touched(fx);
            root = fx.ns.cid("t");
            object = new UnixfsReader(fx.store).lookup(root, DirectoryAttributes.LINK_NAME).orElseThrow();
        }
        try (WriteFixture fx = new WriteFixture(home).mount()) {
            assertEquals(root, fx.ns.cid("t"), "the same attributes reuse the object sealed before the restart");
            assertEquals(fx.ns.cid(""), WritableNamespace.rootCid(dev.vipfs.fs.catalog.NamespaceCatalog.openReadOnly(
                    home.resolve("catalog")), new dev.vipfs.ipfs.unixfs.importer.UnixfsImporter(fx.store,
                    dev.vipfs.ipfs.unixfs.importer.ImportOptions.kuboDefault())),
                    "a process without recipients (the CLI) computes the mount's root CID, attributes objects included");
            assertCarried(fx.mountpoint.resolve(CidSpelling.canonical(root)));
            assertThrows(IOException.class, () -> Files.readAllBytes(fx.mountpoint.resolve(CidSpelling.canonical(object))),
                    "the index still names the object after a restart, so it is not served as a file");
        }
    }

    /** The CAR export of data/t after {@link #touched}, as `vipfs car export` writes it. */
    private static byte[] exportTouched(Path home) throws Exception {
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        try (WriteFixture fx = new WriteFixture(home).mount()) {
            touched(fx);
            CarExporter.export(fx.store, fx.ns.cid("t"), car);
        }
        return car.toByteArray();
    }

    @Test
    void carExportCarriesThemToANodeWithTheSameKey() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        byte[] car = exportTouched(home);
        try (WriteFixture other = new WriteFixture(Files.createDirectories(tmp.resolve("other")), home.resolve("keys"))) {
            Cid root = CarImporter.importTo(new ByteArrayInputStream(car), other.store).get(0);
            other.mount();
            assertCarried(other.mountpoint.resolve(CidSpelling.canonical(root)));
        }
    }

    @Test
    void withoutTheKeyTheDefaultsShow() throws Exception {
        byte[] car = exportTouched(Files.createDirectories(tmp.resolve("home")));
        try (WriteFixture other = new WriteFixture(Files.createDirectories(tmp.resolve("other")))) {
            Cid root = CarImporter.importTo(new ByteArrayInputStream(car), other.store).get(0);
            other.mount();
            Path byCid = other.mountpoint.resolve(CidSpelling.canonical(root));
            assertEquals("444", mode(byCid.resolve("plain.txt")));
            assertEquals("555", mode(byCid.resolve("sub")));
            assertNotEquals(OLD, Files.getLastModifiedTime(byCid.resolve("secret.txt")).toInstant());
        }
    }

    @Test
    void untouchedTreesHaveNoObjectAndTheNameIsRefused() throws Exception {
        try (WriteFixture fx = new WriteFixture(Files.createDirectories(tmp.resolve("home"))).mount()) {
            Files.createDirectories(fx.data("u"));
            Files.writeString(fx.data("u/a.txt"), "a\n");
            fx.awaitIdle();
            assertTrue(new UnixfsReader(fx.store).lookup(fx.ns.cid("u"), DirectoryAttributes.LINK_NAME).isEmpty(),
                    "no chmod, no utimensat: the directory CID is what it was before attributes objects");
            assertThrows(IOException.class, () -> Files.writeString(fx.data("u/" + DirectoryAttributes.LINK_NAME), "x"));
            assertThrows(IOException.class, () -> Files.createDirectory(fx.data(DirectoryAttributes.LINK_NAME)));
        }
    }
}
