package dev.vipfs.ipfs.cid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class VarintTest {
    @Test
    void streamAndBufferAgreeOnEveryLength() throws IOException {
        for (long v : new long[] {0, 1, 127, 128, 300, 16_384, (1L << 35) + 7, Long.MAX_VALUE}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Varint.write((OutputStream) out, v);
            byte[] bytes = out.toByteArray();
            assertArrayEquals(Varint.encode(v), bytes);
            assertEquals(Varint.size(v), bytes.length);
            assertEquals(v, Varint.read(new ByteArrayInputStream(bytes)));
            assertEquals(new Varint.Decoded(v, bytes.length), Varint.read(bytes, 0));
        }
    }

    @Test
    void aCleanEndBeforeTheFirstByteIsMinusOne() throws IOException {
        assertEquals(-1, Varint.read(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void anEndInsideAVarintIsEof() {
        assertThrows(EOFException.class, () -> Varint.read(new ByteArrayInputStream(new byte[] {(byte) 0x80})));
    }

    @Test
    void nonMinimalAndOverlongEncodingsAreRefusedByBothReaders() {
        byte[] nonMinimal = {(byte) 0x81, 0x00};
        assertThrows(IllegalArgumentException.class, () -> Varint.read(new ByteArrayInputStream(nonMinimal)));
        assertThrows(IllegalArgumentException.class, () -> Varint.read(nonMinimal, 0));
        byte[] tenBytes = new byte[10];
        java.util.Arrays.fill(tenBytes, (byte) 0xFF);
        assertThrows(IllegalArgumentException.class, () -> Varint.read(new ByteArrayInputStream(tenBytes)));
        assertThrows(IllegalArgumentException.class, () -> Varint.read(tenBytes, 0));
    }
}
