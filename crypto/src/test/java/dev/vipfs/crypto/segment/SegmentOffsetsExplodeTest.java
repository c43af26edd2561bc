package dev.vipfs.crypto.segment;

import static dev.vipfs.crypto.segment.SegmentOffsets.PLAIN_SEGMENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vipfs.crypto.segment.SegmentOffsets.Span;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plaintext range → segment spans arithmetic that every read path runs on. */
class SegmentOffsetsExplodeTest {
    private static final int S = PLAIN_SEGMENT;

    @Test
    void zeroLengthCoversNothing() {
        assertEquals(List.of(), SegmentOffsets.explode(0, 0));
        assertEquals(List.of(), SegmentOffsets.explode(5L * S + 7, 0));
        assertEquals(List.of(), SegmentOffsets.explode(10, 0, 100));
    }

    @Test
    void insideOneSegment() {
        assertEquals(List.of(new Span(0, 0, 4096)), SegmentOffsets.explode(0, 4096));
        assertEquals(List.of(new Span(2, 100, 4096)), SegmentOffsets.explode(2L * S + 100, 4096));
        assertEquals(List.of(new Span(0, 0, S)), SegmentOffsets.explode(0, S));
        assertEquals(List.of(new Span(1, S - 1, 1)), SegmentOffsets.explode(2L * S - 1, 1));
    }

    @Test
    void acrossSegmentBoundaries() {
        assertEquals(List.of(new Span(0, S - 1, 1), new Span(1, 0, 1)), SegmentOffsets.explode(S - 1, 2));
        // A 128 KiB kernel read that starts mid-segment touches three segments.
        assertEquals(List.of(new Span(3, S / 2, S / 2), new Span(4, 0, S), new Span(5, 0, S / 2)),
                SegmentOffsets.explode(3L * S + S / 2, 2L * S));
        // Aligned: exactly two whole segments, no empty span at the end.
        assertEquals(List.of(new Span(7, 0, S), new Span(8, 0, S)), SegmentOffsets.explode(7L * S, 2L * S));
    }

    @Test
    void pastTheEndIsClipped() {
        long size = 3L * S;
        assertEquals(List.of(), SegmentOffsets.explode(size, 4096, size));
        assertEquals(List.of(), SegmentOffsets.explode(size + 12345, 4096, size));
        assertEquals(List.of(new Span(2, S - 10, 10)), SegmentOffsets.explode(size - 10, 4096, size));
        assertEquals(List.of(), SegmentOffsets.explode(0, 4096, 0));
    }

    @Test
    void lastPartialSegment() {
        long size = 2L * S + 1000;
        assertEquals(List.of(new Span(1, S - 100, 100), new Span(2, 0, 1000)),
                SegmentOffsets.explode(2L * S - 100, 128 << 10, size));
        assertEquals(List.of(new Span(2, 999, 1)), SegmentOffsets.explode(size - 1, 1, size));
        List<Span> whole = SegmentOffsets.explode(0, Long.MAX_VALUE, size);
        assertEquals(3, whole.size());
        assertEquals(new Span(2, 0, 1000), whole.get(2));
    }

    @Test
    void spansTileTheRangeExactly() {
        Random rng = new Random(16);
        for (int i = 0; i < 2000; i++) {
            long size = rng.nextInt(6 * S);
            long offset = rng.nextInt(7 * S);
            long length = rng.nextInt(3 * S);
            long pos = offset;
            long total = 0;
            for (Span sp : SegmentOffsets.explode(offset, length, size)) {
                assertEquals(pos, sp.plainOffset());
                assertEquals(pos / S, sp.index());
                assertEquals(true, sp.length() > 0 && sp.skip() + sp.length() <= S);
                pos += sp.length();
                total += sp.length();
            }
            assertEquals(offset >= size ? 0 : Math.min(length, size - offset), total);
        }
    }

    @Test
    void negativeArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SegmentOffsets.explode(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> SegmentOffsets.explode(0, -1));
        assertThrows(IllegalArgumentException.class, () -> SegmentOffsets.explode(0, 1, -1));
    }
}
