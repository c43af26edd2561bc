package dev.vipfs.ipfs.car;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.cid.Cid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarExporterTest {
    /** Fixtures Kubo exported as whole DAGs in traversal order. */
    private static final List<String> COMPLETE = List.of(
            "path_gateway_unixfs__dir-with-files.car",
            "path_gateway_unixfs__symlink.car",
            "trustless_gateway_car__single-layer-hamt-with-multi-block-files.car",
            "trustless_gateway_car__dir-with-duplicate-files.car",
            "trustless_gateway_car__subdir-with-mixed-block-files.car");

    @Test
    void importThenExportReproducesKubosDagExport() throws IOException {
        for (String name : COMPLETE) {
            byte[] original = Files.readAllBytes(Fixtures.car(name));
            MapBlockStore store = new MapBlockStore();
            List<Cid> roots;
            try (InputStream in = new ByteArrayInputStream(original)) {
                roots = CarImporter.importTo(in, store);
            }
            assertEquals(1, roots.size(), name);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long count = CarExporter.export(store, roots.get(0), out);
            assertEquals(store.blocks.size(), count, name);
            assertArrayEquals(original, out.toByteArray(), name + " re-exported differs from Kubo's export");
        }
    }

    @Test
    void missingBlockFailsTheExportNaming() throws IOException {
        Path car = Fixtures.car("trustless_gateway_car__file-3k-and-3-blocks-missing-block.car");
        MapBlockStore store = new MapBlockStore();
        List<Cid> roots;
        try (InputStream in = Files.newInputStream(car)) {
            roots = CarImporter.importTo(in, store);
        }
        assertThrows(BlockNotFoundException.class, () -> CarExporter.export(store, roots.get(0), new ByteArrayOutputStream()));
    }
}
