package dev.vipfs.ipfs.unixfs.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: UnixfsReader.withRange hands over a range in place when one leaf holds it (how a
 * segment is decrypted without a copy), and copies it otherwise, with the bytes read would give.
 */
class WithRangeTest {
    private static final int CHUNK = 1000;

    @Test
    void aRangeInOneLeafIsUsedInPlaceAndOneAcrossLeavesIsCopied() throws Exception {
        for (boolean rawLeaves : new boolean[] {false, true}) {
            MemoryBlockstore store = new MemoryBlockstore();
            byte[] content = new byte[57_321];
            new Random(rawLeaves ? 1 : 2).nextBytes(content);
            ImportOptions opts = ImportOptions.kuboDefault().withChunkSize(CHUNK).withMaxLinks(3).withRawLeaves(rawLeaves);
            Cid file = new UnixfsImporter(store, opts).addFile(new ByteArrayInputStream(content)).cid();
            UnixfsReader reader = new UnixfsReader(store, 1 << 20);
            byte[] scratch = new byte[3 * CHUNK];
            Random r = new Random(3);
            for (int i = 0; i < 300; i++) {
                int len = 1 + r.nextInt(2 * CHUNK);
                long off = r.nextInt(content.length - len + 1);
                boolean oneLeaf = off / CHUNK == (off + len - 1) / CHUNK;
                byte[] got = reader.withRange(file, off, len, scratch, (a, o, n) -> {
                    assertEquals(!oneLeaf, a == scratch, "in place exactly when one leaf holds " + off + "+" + len);
                    return Arrays.copyOfRange(a, o, o + n);
                });
                assertArrayEquals(Arrays.copyOfRange(content, (int) off, (int) off + len), got, "range " + off + "+" + len);
            }
            assertThrows(EOFException.class, () -> reader.withRange(file, content.length - 10, 11, scratch, (a, o, n) -> n));
        }
    }
}
