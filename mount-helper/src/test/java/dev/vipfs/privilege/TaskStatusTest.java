package dev.vipfs.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The privilege check's view of the threads: threads ending mid-check, and failures that are not that. */
class TaskStatusTest {
    private static final List<String> DROPPED = List.of("Uid:\t1000\t1000\t1000\t1000", "NoNewPrivs:\t1");

    @Test
    void aThreadThatEndsWhileItsStatusIsReadIsNotCounted(@TempDir Path tasks) throws IOException {
        Files.createDirectories(tasks.resolve("10"));
        Files.createDirectories(tasks.resolve("11"));
        List<TaskStatus> seen = TaskStatus.allTasks(tasks, t -> {
            if (t.getFileName().toString().equals("11")) {
                Files.delete(t); // the kernel's view of a thread that exited after the listing
                throw new IOException("No such process");
            }
            return DROPPED;
        });
        assertEquals(1, seen.size());
        assertEquals("10", seen.get(0).task());
    }

    @Test
    void aStatusThatCannotBeReadForAnotherReasonFailsTheCheck(@TempDir Path tasks) throws IOException {
        Files.createDirectories(tasks.resolve("10"));
        assertThrows(IOException.class, () -> TaskStatus.allTasks(tasks, t -> {
            throw new IOException("Permission denied");
        }));
    }

    /** The CI failure of stop 25: a JVM thread exiting during the check made the mount exit 70. */
    @Test
    void threadsStartingAndEndingDuringTheCheckNeverFailIt() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread churn = new Thread(() -> {
            while (!stop.get()) {
                Thread t = new Thread(() -> { });
                t.start();
                try {
                    t.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "thread-churn");
        churn.start();
        try {
            for (int i = 0; i < 300; i++) {
                List<TaskStatus> seen = TaskStatus.allTasks();
                assertFalse(seen.isEmpty());
            }
        } finally {
            stop.set(true);
            churn.join();
        }
    }
}
