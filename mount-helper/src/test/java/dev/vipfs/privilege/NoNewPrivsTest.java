package dev.vipfs.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue #15.6: no_new_privs on every thread without setpriv, and a drop that requires it. */
class NoNewPrivsTest {
    /** Run in a fresh JVM: threads that exist before, then the flag, then a thread started after. */
    public static void main(String[] args) throws Exception {
        Thread before = new Thread(() -> sleep(), "started-before");
        before.setDaemon(true);
        before.start();
        boolean without = TaskStatus.allTasks().stream().anyMatch(t -> t.noNewPrivs() != 1);
        NoNewPrivs.applyToAllThreads();
        Thread after = new Thread(() -> sleep(), "started-after");
        after.setDaemon(true);
        after.start();
        List<TaskStatus> tasks = TaskStatus.allTasks();
        long missing = tasks.stream().filter(t -> t.noNewPrivs() != 1).count();
        System.out.println("tasks=" + tasks.size() + " before-some-without=" + without + " missing=" + missing);
    }

    private static void sleep() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void everyThreadOfTheJvmGetsTheFlagWithoutSetpriv() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NoNewPrivsTest.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("before-some-without=true"), "the JVM's threads started without the flag: " + out);
        assertTrue(out.contains(" missing=0"), out);
        int tasks = Integer.parseInt(out.replaceAll("(?s).*tasks=(\\d+).*", "$1"));
        assertTrue(tasks > 5, "the JVM's own threads were counted: " + out);
    }

    @Test
    void theDropsCheckRequiresTheFlagOnEveryTask() {
        ServiceUser u = new ServiceUser("svc", 4321, 4321);
        TaskStatus ok = status("100", 1);
        TaskStatus unset = status("101", 0);
        TaskStatus unknown = status("102", -1); // a kernel without the NoNewPrivs line
        assertEquals(List.of(), PrivilegeDrop.verify(u, List.of(ok)));
        List<String> problems = PrivilegeDrop.verify(u, List.of(ok, unset, unknown));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("task 101 NoNewPrivs 0"), problems.toString());
    }

    private static TaskStatus status(String task, int nnp) {
        List<String> lines = new java.util.ArrayList<>(List.of("Uid:\t4321\t4321\t4321\t4321", "Gid:\t4321\t4321\t4321\t4321",
                "Groups:\t", "CapPrm:\t0000000000000000", "CapEff:\t0000000000000000"));
        if (nnp >= 0) {
            lines.add("NoNewPrivs:\t" + nnp);
        }
        return TaskStatus.parse(task, lines);
    }
}
