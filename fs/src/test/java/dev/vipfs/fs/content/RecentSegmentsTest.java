package dev.vipfs.fs.content;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecentSegmentsTest {
    @Test
    void aSegmentIsRecentFromItsSecondVisitUntilItFallsOutOfTheRing() {
        RecentSegments recent = new RecentSegments(4);
        assertFalse(recent.seenElseRemember(10));
        assertTrue(recent.seenElseRemember(10));
        for (long i = 20; i < 24; i++) {
            assertFalse(recent.seenElseRemember(i));
        }
        assertFalse(recent.seenElseRemember(10), "four newer segments pushed it out");
    }

    @Test
    void segmentZeroIsNotRecentBeforeItIsSeen() {
        assertFalse(new RecentSegments(2).seenElseRemember(0));
    }
}
