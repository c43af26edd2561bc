package dev.vipfs.ipfs.kubo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.block.BlockStream;
import dev.vipfs.ipfs.block.FileLeaf;
import dev.vipfs.ipfs.car.CarBlock;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.PbNode;
import dev.vipfs.ipfs.testkit.KuboDaemon;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a real Kubo: the leaves of files Kubo imported itself, dag-pb leaves (CIDv0) and raw ones
 * (CIDv1), come rebuilt from its gateway's file responses, whole parents and ranges from a leaf on,
 * byte for byte the blocks {@code block/get} returns.
 */
class FileLeavesKuboTest {
    private static KuboDaemon kubo;
    private static KuboBlockSource source;

    @BeforeAll
    static void start() throws IOException {
        kubo = KuboDaemon.start();
        source = KuboBlockSource.builder().address(kubo.apiAddress()).gateway(kubo.gatewayUrl()).build();
    }

    @AfterAll
    static void stop() throws IOException {
        if (source != null) {
            source.close();
        }
        if (kubo != null) {
            kubo.close();
        }
    }

    /** A 3 MiB file of 64 KiB leaves: one parent (the root) of 48 leaves, the last one short. */
    private static Cid add(String cidVersion) throws IOException {
        byte[] content = new byte[(3 << 20) - 1000];
        new Random(cidVersion.hashCode()).nextBytes(content);
        return source.client().add(new ByteArrayInputStream(content), Map.of("cid-version", cidVersion, "chunker", "size-65536"));
    }

    private static List<FileLeaf> leaves(Cid parent) throws IOException {
        PbNode node = DagPbCodec.decode(source.get(parent));
        UnixfsData fs = UnixfsData.decode(node.data());
        List<FileLeaf> leaves = new ArrayList<>();
        long at = fs.dataLength();
        for (int i = 0; i < node.links().size(); i++) {
            leaves.add(new FileLeaf(node.links().get(i).hash(), at, fs.blocksize(i), node.links().get(i).tsizeOrZero()));
            at += fs.blocksize(i);
        }
        return leaves;
    }

    private static void assertRebuilt(Cid parent, List<FileLeaf> leaves) throws IOException {
        try (BlockStream s = source.exportLeaves(parent, leaves)) {
            assertInstanceOf(FileLeafStream.class, s, "a file response, not a CAR");
            for (FileLeaf leaf : leaves) {
                CarBlock b = s.next();
                assertEquals(leaf.cid(), b.cid());
                assertArrayEquals(source.get(leaf.cid()), b.data());
            }
            assertNull(s.next());
        }
    }

    @Test
    void theHeldBlocksViewReadsWhatKuboHoldsAndAsksForNothingElse() throws IOException {
        Cid file = add("1");
        List<FileLeaf> leaves = leaves(file);
        KuboBlockSource held = (KuboBlockSource) source.heldBlocksOnly().orElseThrow();
        // Kubo answers an only-if-cached request for a file whose root it holds with the file.
        try (BlockStream s = held.exportLeaves(file, leaves)) {
            assertInstanceOf(FileLeafStream.class, s, "a file response, not a CAR");
            for (FileLeaf leaf : leaves) {
                assertEquals(leaf.cid(), s.next().cid());
            }
        }
        Cid absent = Cid.v1(0x55, Multihash.sha256("a block this Kubo never had".getBytes(StandardCharsets.UTF_8)));
        assertThrows(BlockNotFoundException.class, () -> held.get(absent));
        assertThrows(IOException.class, () -> held.exportDag(absent), "412 for a root it lacks");
        held.close();
        assertTrue(source.get(file).length > 0, "closing the view left the source's connections open");
    }

    @Test
    void dagPbLeavesOfKubosOwnImport() throws IOException {
        Cid file = add("0");
        List<FileLeaf> leaves = leaves(file);
        assertEquals(48, leaves.size());
        assertRebuilt(file, leaves);
        assertRebuilt(file, leaves.subList(17, 48)); // a Range from leaf 17 on
    }

    @Test
    void rawLeavesOfKubosOwnImport() throws IOException {
        Cid file = add("1");
        List<FileLeaf> leaves = leaves(file);
        assertRebuilt(file, leaves);
        List<FileLeaf> gaps = List.of(leaves.get(3), leaves.get(9), leaves.get(47)); // leaves a reader has are skipped
        assertRebuilt(file, gaps);
    }
}
