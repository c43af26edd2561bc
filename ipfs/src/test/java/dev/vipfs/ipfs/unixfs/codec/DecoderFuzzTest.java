package dev.vipfs.ipfs.unixfs.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.block.IntegrityException;
import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.DagPbFormatException;
import dev.vipfs.ipfs.testcar.TestCar;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import dev.vipfs.ipfs.unixfs.reader.UnixfsStat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds thousands of mutated real blocks (deterministic seed, bounded count) to the dag-pb and
 * UnixFS decoders and to the reader: only checked IOExceptions may come out, never an unchecked
 * exception or a hang.
 */
class DecoderFuzzTest {
    private static final String[] CARS = {
        "path_gateway_unixfs__dir-with-files.car",
        "path_gateway_unixfs__symlink.car",
        "trustless_gateway_car__single-layer-hamt-with-multi-block-files.car",
        "trustless_gateway_car__subdir-with-mixed-block-files.car",
    };

    /** Issue #16: the reader decodes file leaves in place; what it accepts, and the bytes it reads, must not change. */
    @Test
    void inPlaceDecodingAcceptsExactlyWhatCopyingDoes() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (String car : CARS) {
            seeds.addAll(TestCar.load(car).blocksForTests());
        }
        Random rnd = new Random(16);
        for (int i = 0; i < 4000; i++) {
            byte[] m = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
            byte[] copied = null;
            int[] at = new int[2];
            byte[] inPlace = null;
            try {
                copied = DagPbCodec.decode(m).data();
            } catch (DagPbFormatException e) {
                copied = REJECTED;
            }
            try {
                DagPbCodec.decodeInPlace(m, at);
                inPlace = at[0] < 0 ? null : java.util.Arrays.copyOfRange(m, at[0], at[0] + at[1]);
            } catch (DagPbFormatException e) {
                inPlace = REJECTED;
            }
            assertArrayEquals(copied, inPlace, "dag-pb Data of mutation " + i);
            if (copied == null || copied == REJECTED) {
                continue;
            }
            String whole;
            try {
                UnixfsData fs = UnixfsData.decode(copied);
                whole = fs.type() + "/" + fs.filesize() + "/" + java.util.Arrays.toString(fs.data());
            } catch (UnixfsFormatException e) {
                whole = "rejected";
            }
            String sliced;
            try {
                UnixfsData fs = UnixfsData.decode(m, at[0], at[1], at);
                sliced = fs.type() + "/" + fs.filesize() + "/" + java.util.Arrays.toString(
                        at[0] < 0 ? null : java.util.Arrays.copyOfRange(m, at[0], at[0] + at[1]));
            } catch (UnixfsFormatException e) {
                sliced = "rejected";
            }
            assertEquals(whole, sliced, "UnixFS Data of mutation " + i);
        }
    }

    private static final byte[] REJECTED = new byte[0];

    @Test
    void mutatedBlocksNeverEscapeAsUncheckedExceptions() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (String car : CARS) {
            MemoryBlockstore s = TestCar.load(car);
            seeds.addAll(s.blocksForTests());
        }
        Random rnd = new Random(0x5eed);
        int iterations = 6000;
        for (int i = 0; i < iterations; i++) {
            byte[] base = seeds.get(rnd.nextInt(seeds.size()));
            byte[] m = mutate(base, rnd);
            try {
                DagPbCodec.decode(m);
            } catch (DagPbFormatException expected) {
                // fine
            } catch (RuntimeException e) {
                fail("dag-pb decoder threw " + e + " on iteration " + i, e);
            }
            try {
                UnixfsData.decode(m);
            } catch (UnixfsFormatException expected) {
                // fine
            } catch (RuntimeException e) {
                fail("UnixFS decoder threw " + e + " on iteration " + i, e);
            }
            // Through the reader: the mutated block becomes the root of a read in a fresh store.
            BlockStore store = new MemoryBlockstore();
            Cid cid = Cid.v1(Multicodec.DAG_PB, Multihash.sha256(m));
            store.put(cid, m);
            UnixfsReader r = new UnixfsReader(store);
            try {
                UnixfsStat st = r.stat(cid);
                if (st.kind() == UnixfsKind.FILE) {
                    r.read(cid, rnd.nextInt(64), new byte[64], 0, 64);
                } else if (st.kind() == UnixfsKind.DIRECTORY) {
                    r.list(cid);
                    r.lookup(cid, "1.txt");
                } else {
                    r.readSymlink(cid);
                }
            } catch (IntegrityException e) {
                fail("no block in this store is corrupt", e);
            } catch (IOException expected) {
                // malformed or missing children: fine
            } catch (RuntimeException e) {
                fail("reader threw " + e + " on iteration " + i, e);
            }
        }
    }

    private static byte[] mutate(byte[] base, Random rnd) {
        byte[] m = base.clone();
        switch (rnd.nextInt(4)) {
            case 0:
                if (m.length > 0) {
                    m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return m;
            case 1:
                return java.util.Arrays.copyOf(m, m.length == 0 ? 0 : rnd.nextInt(m.length));
            case 2:
                if (m.length > 0) {
                    m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
                }
                return m;
            default:
                for (int k = 0; k < 4 && m.length > 0; k++) {
                    m[rnd.nextInt(m.length)] = (byte) (rnd.nextBoolean() ? 0xff : 0x80);
                }
                return m;
        }
    }
}
