package dev.vipfs.ipfs.car;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.IntegrityException;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multihash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarReaderTest {
    private static final long RAW = 0x55;

    static List<CarBlock> readAll(CarReader r) throws IOException {
        List<CarBlock> out = new ArrayList<>();
        for (CarBlock b = r.next(); b != null; b = r.next()) {
            out.add(b);
        }
        return out;
    }

    @Test
    void readsEveryFixtureAndVerifiesEveryBlock() throws IOException {
        List<Path> cars = Fixtures.all();
        assertFalse(cars.isEmpty());
        for (Path car : cars) {
            try (CarReader r = new CarReader(Files.newInputStream(car))) {
                assertFalse(r.roots().isEmpty(), car.toString());
                assertFalse(readAll(r).isEmpty(), car.toString());
            }
        }
    }

    @Test
    void readsKnownRootsAndBlocks() throws IOException {
        try (CarReader r = new CarReader(Files.newInputStream(Fixtures.car("path_gateway_unixfs__dir-with-files.car")))) {
            assertEquals(List.of(Cid.parse("bafybeihchr7vmgjaasntayyatmp5sv6xza57iy2h4xj7g46bpjij6yhrmy")), r.roots());
            assertEquals(1, r.version());
            Cid hello = Cid.parse("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
            CarBlock found = readAll(r).stream().filter(b -> b.cid().equals(hello)).findFirst().orElseThrow();
            assertEquals("hello world\n", new String(found.data(), StandardCharsets.UTF_8));
        }
        try (CarReader r = new CarReader(Files.newInputStream(Fixtures.car("path_gateway_unixfs__symlink.car")))) {
            assertEquals(List.of(Cid.parse("QmWvY6FaqFMS89YAQ9NAPjVP4WZKA1qbHbicc9HeSKQTgt")), r.roots());
        }
    }

    @Test
    void writerReproducesKuboCarsByteForByte() throws IOException {
        for (Path car : Fixtures.all()) {
            byte[] original = Files.readAllBytes(car);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CarReader r = new CarReader(new ByteArrayInputStream(original))) {
                CarWriter w = new CarWriter(out, r.roots());
                for (CarBlock b : readAll(r)) {
                    w.write(b.cid(), b.data());
                }
                w.flush();
            }
            assertArrayEquals(original, out.toByteArray(), car.getFileName().toString());
        }
    }

    @Test
    void roundTripsOwnCar() throws IOException {
        byte[] a = "alpha".getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[300_000];
        Cid ca = Cid.v1(RAW, Multihash.sha256(a));
        Cid cb = Cid.v1(RAW, Multihash.sha256(b));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarWriter w = new CarWriter(out, List.of(ca, cb));
        w.write(ca, a);
        w.write(cb, b);
        w.flush();
        try (CarReader r = new CarReader(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals(List.of(ca, cb), r.roots());
            CarBlock first = r.next();
            assertEquals(ca, first.cid());
            assertArrayEquals(a, first.data());
            assertArrayEquals(b, r.next().data());
            assertNull(r.next());
        }
    }

    @Test
    void lyingBlockIsAnIntegrityError() throws IOException {
        Cid c = Cid.v1(RAW, Multihash.sha256("truth".getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarWriter w = new CarWriter(out, List.of(c));
        w.write(c, "lies!".getBytes(StandardCharsets.UTF_8));
        try (CarReader r = new CarReader(new ByteArrayInputStream(out.toByteArray()))) {
            IntegrityException e = assertThrows(IntegrityException.class, r::next);
            assertTrue(e.getMessage().contains(c.toString()), e.getMessage());
        }
    }

    @Test
    void everyTruncationFailsCleanlyOrEndsOnASectionBoundary() throws IOException {
        byte[] car = Files.readAllBytes(Fixtures.car("path_gateway_unixfs__dir-with-files.car"));
        int fullBlocks = readAll(new CarReader(new ByteArrayInputStream(car))).size();
        for (int len = 0; len < car.length; len++) {
            byte[] prefix = java.util.Arrays.copyOf(car, len);
            try (CarReader r = new CarReader(new ByteArrayInputStream(prefix))) {
                assertTrue(readAll(r).size() < fullBlocks, "prefix " + len + " cannot hold every block");
            } catch (CarFormatException expected) {
                assertFalse(expected.getMessage().isBlank());
            }
        }
    }

    @Test
    void garbageIsNotACar() {
        CarFormatException e = assertThrows(CarFormatException.class,
                () -> new CarReader(new ByteArrayInputStream("<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("CAR"), e.getMessage());
        assertThrows(CarFormatException.class, () -> new CarReader(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void hostileLengthsAreRejectedWithoutAllocating() throws IOException {
        // Header length of 2^62: refused before any allocation.
        byte[] hugeHeader = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40};
        assertThrows(CarFormatException.class, () -> new CarReader(new ByteArrayInputStream(hugeHeader)));

        byte[] header = headerOnly();
        // A section claiming 2 GiB is over the limit.
        CarFormatException over = assertThrows(CarFormatException.class,
                () -> new CarReader(new ByteArrayInputStream(concat(header, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}))).next());
        assertTrue(over.getMessage().contains("limit"), over.getMessage());
        // A section claiming 7 MiB followed by a few bytes is a truncation, reported as such.
        CarFormatException cut = assertThrows(CarFormatException.class,
                () -> new CarReader(new ByteArrayInputStream(concat(header, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0xc0, 0x03, 1, 2, 3}))).next());
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());
        // CBOR in the header declaring a billion-entry array.
        byte[] cbor = {(byte) 0xa1, 0x65, 'r', 'o', 'o', 't', 's', (byte) 0x9a, 0x40, 0, 0, 0};
        byte[] bad = concat(new byte[] {(byte) cbor.length}, cbor);
        assertThrows(CarFormatException.class, () -> new CarReader(new ByteArrayInputStream(bad)));
    }

    @Test
    void rejectsUnsupportedVersion() {
        byte[] cbor = {(byte) 0xa2, 0x65, 'r', 'o', 'o', 't', 's', (byte) 0x80, 0x67, 'v', 'e', 'r', 's', 'i', 'o', 'n', 0x03};
        CarFormatException e = assertThrows(CarFormatException.class,
                () -> new CarReader(new ByteArrayInputStream(concat(new byte[] {(byte) cbor.length}, cbor))));
        assertTrue(e.getMessage().contains("version 3"), e.getMessage());
    }

    @Test
    void readsTheV1PayloadOfACarV2() throws IOException {
        byte[] v1 = Files.readAllBytes(Fixtures.car("path_gateway_unixfs__symlink.car"));
        ByteArrayOutputStream v2 = new ByteArrayOutputStream();
        v2.write(new byte[] {0x0a, (byte) 0xa1, 0x67, 'v', 'e', 'r', 's', 'i', 'o', 'n', 0x02});
        byte[] fixed = new byte[40];
        long offset = 51 + 5;
        for (int i = 0; i < 8; i++) {
            fixed[16 + i] = (byte) (offset >>> (8 * i));
            fixed[24 + i] = (byte) ((long) v1.length >>> (8 * i));
        }
        v2.write(fixed);
        v2.write(new byte[5]);
        v2.write(v1);
        v2.write(new byte[] {1, 2, 3, 4});
        try (CarReader r = new CarReader(new ByteArrayInputStream(v2.toByteArray()));
             CarReader plain = new CarReader(new ByteArrayInputStream(v1))) {
            assertEquals(2, r.version());
            assertEquals(plain.roots(), r.roots());
            assertEquals(readAll(plain).size(), readAll(r).size());
        }
    }

    @Test
    void matchesTheDocumentedTestVector() throws IOException {
        byte[] vector = java.util.HexFormat.of().parseHex("3aa265726f6f747381d82a5825000155"
                + "1220b7215e64e1ec9d0a802fdac6a198773d672ba462e6b6f474e6ac2980ac0e"
                + "2e306776657273696f6e012a01551220b7215e64e1ec9d0a802fdac6a198773d"
                + "672ba462e6b6f474e6ac2980ac0e2e3076697066730a");
        Cid root = Cid.parse("bafkreifxefpgjypmtufial62y2qzq5z5m4v2iyxgw32hjzvmfgakydroga");
        byte[] data = "vipfs\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CarWriter(out, List.of(root)).write(root, data);
        assertArrayEquals(vector, out.toByteArray());
        try (CarReader r = new CarReader(new ByteArrayInputStream(vector))) {
            assertEquals(List.of(root), r.roots());
            assertArrayEquals(data, r.next().data());
            assertNull(r.next());
        }
    }

    static byte[] headerOnly() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CarWriter(out, List.of(Cid.v1(RAW, Multihash.sha256(new byte[0]))));
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static InputStream stream(byte[] b) {
        return new ByteArrayInputStream(b);
    }
}
