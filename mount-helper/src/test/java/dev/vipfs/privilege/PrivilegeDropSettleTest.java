package dev.vipfs.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A thread still listed with root's ids after the drop fails it, unless it is gone moments later. */
class PrivilegeDropSettleTest {
    private static final List<String> LEFTOVER = List.of("task 21225 uids [0, 0, 0, 0]", "task 21225 still has capabilities");

    @Test
    void aThreadThatEndsWithinTheChecksIsNoFailure() {
        Deque<List<String>> looks = new ArrayDeque<>(List.of(LEFTOVER, LEFTOVER, List.of()));
        assertEquals(List.of(), PrivilegeDrop.settled(looks::pop, 50, 0));
        assertTrue(looks.isEmpty(), "looked again until the thread was gone, then stopped");
    }

    @Test
    void aThreadThatKeepsRootsIdsIsStillAFailure() {
        int[] looks = {0};
        List<String> problems = PrivilegeDrop.settled(() -> {
            looks[0]++;
            return LEFTOVER;
        }, 50, 0);
        assertEquals(LEFTOVER, problems);
        assertEquals(51, looks[0]);
    }

    @Test
    void aCleanDropIsLookedAtOnce() {
        int[] looks = {0};
        assertEquals(List.of(), PrivilegeDrop.settled(() -> {
            looks[0]++;
            return List.of();
        }, 50, 1_000));
        assertEquals(1, looks[0]);
    }
}
