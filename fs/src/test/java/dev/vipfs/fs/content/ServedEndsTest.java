package dev.vipfs.fs.content;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServedEndsTest {
    private static final int SEGMENT = 65_536;

    @Test
    void aReadOfTheWholeSegmentServesBothEndsAtOnce() {
        assertTrue(new ServedEnds().serve(3, 0, SEGMENT, SEGMENT));
    }

    @Test
    void theTailBeforeTheHeadCompletesOnlyWhenTheHeadArrives() {
        ServedEnds ends = new ServedEnds();
        assertFalse(ends.serve(7, 32_768, 32_768, SEGMENT), "out of order: the head's request is still on its way");
        assertFalse(ends.serve(8, 0, 4_096, SEGMENT), "another segment's head is not this one's");
        assertTrue(ends.serve(7, 0, 32_768, SEGMENT));
        assertFalse(ends.serve(7, 32_768, 32_768, SEGMENT), "completed segments are forgotten, not completed twice");
    }

    @Test
    void aReadInTheMiddleServesNoEnd() {
        ServedEnds ends = new ServedEnds();
        assertFalse(ends.serve(1, 4_096, 4_096, SEGMENT));
        assertFalse(ends.serve(1, 0, 4_096, SEGMENT));
        assertTrue(ends.serve(1, SEGMENT - 4_096, 4_096, SEGMENT));
    }

    @Test
    void aShortLastSegmentEndsWhereItsPlaintextEnds() {
        assertTrue(new ServedEnds().serve(9, 0, 100, 100));
    }

    @Test
    void manyHalfServedSegmentsAreForgottenNotHeldForever() {
        ServedEnds ends = new ServedEnds();
        for (int i = 0; i < 10_000; i++) {
            assertFalse(ends.serve(i, 0, 4_096, SEGMENT));
        }
        // A random reader's half-served segments are dropped in bulk: the earliest is no longer known.
        assertFalse(ends.serve(0, SEGMENT - 4_096, 4_096, SEGMENT));
        assertTrue(ends.serve(9_999, SEGMENT - 4_096, 4_096, SEGMENT));
    }
}
