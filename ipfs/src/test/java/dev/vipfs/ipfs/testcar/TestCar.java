package dev.vipfs.ipfs.testcar;

import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Varint;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * Test-only CAR v1 loader: skips the header (roots are given by the fixture README) and puts
 * every section into a memory store, verifying each block. The real reader is dev.vipfs.ipfs.car.
 */
public final class TestCar {
    private TestCar() {
    }

    /**
     * Directory of the gateway-conformance fixtures carried in this module's test resources
     * ({@code src/test/resources/gateway-conformance}, copied to the test classpath by Maven).
     */
    public static Path fixtures() {
        URL url = TestCar.class.getResource("/gateway-conformance/README.md");
        if (url == null) {
            throw new IllegalStateException("gateway-conformance fixtures not on the test classpath");
        }
        try {
            return Paths.get(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads every block of a fixture CAR into a new memory store. */
    public static MemoryBlockstore load(String name) throws IOException {
        byte[] car = Files.readAllBytes(fixtures().resolve(name));
        MemoryBlockstore store = new MemoryBlockstore();
        Varint.Decoded hlen = Varint.read(car, 0);
        int pos = hlen.length() + (int) hlen.value();
        while (pos < car.length) {
            Varint.Decoded len = Varint.read(car, pos);
            int start = pos + len.length();
            int end = start + (int) len.value();
            int cidLen = Cid.encodedLength(car, start);
            Cid cid = Cid.decode(Arrays.copyOfRange(car, start, start + cidLen));
            store.put(cid, Arrays.copyOfRange(car, start + cidLen, end));
            pos = end;
        }
        return store;
    }
}
