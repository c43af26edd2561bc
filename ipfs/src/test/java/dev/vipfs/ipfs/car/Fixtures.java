package dev.vipfs.ipfs.car;

import dev.vipfs.ipfs.testcar.TestCar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Locates the gateway-conformance CAR fixtures carried in the test resources. */
final class Fixtures {
    private Fixtures() {
    }

    static Path dir() {
        return TestCar.fixtures();
    }

    static Path car(String name) {
        return dir().resolve(name);
    }

    static List<Path> all() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.toString().endsWith(".car")).sorted().collect(Collectors.toList());
        }
    }
}
