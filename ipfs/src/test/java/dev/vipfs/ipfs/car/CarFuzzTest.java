package dev.vipfs.ipfs.car;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Feeds thousands of deterministically mutated CARs to the reader: each must either read
 * cleanly or fail with an IOException that says something; nothing unchecked may escape and
 * nothing may allocate beyond the input's size.
 */
class CarFuzzTest {
    private static final int ROUNDS = 5000;

    @Test
    void mutatedCarsFailCleanly() throws IOException {
        byte[][] seeds = {
            Files.readAllBytes(Fixtures.car("path_gateway_unixfs__dir-with-files.car")),
            Files.readAllBytes(Fixtures.car("path_gateway_unixfs__symlink.car")),
            Files.readAllBytes(Fixtures.car("path_gateway_dag__dag-pb.car")),
        };
        SplittableRandom random = new SplittableRandom(0x5eed_ca4L);
        int failures = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] seed = seeds[round % seeds.length];
            byte[] input = mutate(seed, random);
            try (CarReader r = new CarReader(new ByteArrayInputStream(input), 1 << 20)) {
                int blocks = 0;
                while (r.next() != null) {
                    blocks++;
                    assertTrue(blocks <= input.length, "more blocks than bytes");
                }
            } catch (IOException expected) {
                failures++;
                if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                    fail("round " + round + ": IOException without a message", expected);
                }
            } catch (RuntimeException | Error e) {
                fail("round " + round + ": unchecked " + e + " escaped for input " + Arrays.toString(Arrays.copyOf(input, 64)), e);
            }
        }
        assertTrue(failures > ROUNDS / 2, "most mutations should be detected, got " + failures);
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            switch (random.nextInt(6)) {
                case 0: {
                    int at = random.nextInt(b.length);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                    break;
                }
                case 1: {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                    break;
                }
                case 2: {
                    b = Arrays.copyOf(b, random.nextInt(b.length + 1));
                    if (b.length == 0) {
                        return b;
                    }
                    break;
                }
                case 3: {
                    int at = random.nextInt(b.length);
                    byte[] grown = new byte[b.length + 1];
                    System.arraycopy(b, 0, grown, 0, at);
                    grown[at] = (byte) random.nextInt(256);
                    System.arraycopy(b, at, grown, at + 1, b.length - at);
                    b = grown;
                    break;
                }
                case 4: {
                    if (b.length < 2) {
                        break;
                    }
                    int at = random.nextInt(b.length);
                    byte[] shrunk = new byte[b.length - 1];
                    System.arraycopy(b, 0, shrunk, 0, at);
                    System.arraycopy(b, at + 1, shrunk, at, b.length - at - 1);
                    b = shrunk;
                    break;
                }
                default: {
                    // Interesting values where lengths and tags live.
                    int at = random.nextInt(Math.min(b.length, 64));
                    byte[] specials = {0, (byte) 0x80, (byte) 0xff, 0x7f, 0x12, 0x20, (byte) 0x9b, (byte) 0xbb, (byte) 0xd8, 0x2a};
                    b[at] = specials[random.nextInt(specials.length)];
                }
            }
        }
        return b;
    }
}
