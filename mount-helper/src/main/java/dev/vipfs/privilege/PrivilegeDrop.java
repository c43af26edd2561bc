package dev.vipfs.privilege;

import dev.vipfs.libc.Libc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Drops a root process to a service user for good (supplementary groups cleared, real, effective
 * and saved ids changed, hence no capabilities) and proves it for every thread.
 */
public final class PrivilegeDrop {
    /** How often, and how far apart, a failed verification is repeated before the drop fails. */
    private static final int SETTLE_CHECKS = 50;
    private static final long SETTLE_PAUSE_MS = 2;

    private PrivilegeDrop() { }

    /** Drops to user or throws; never returns with any thread still privileged. */
    public static void dropTo(ServiceUser user) {
        if (user.uid() == 0) {
            throw new IllegalStateException("refusing to 'drop' to uid 0");
        }
        Libc.Calls c = Libc.require();
        if (c.setgroups(0, null) != 0) {
            throw new IllegalStateException("setgroups(0) failed: not running as root?");
        }
        if (c.setresgid(user.gid(), user.gid(), user.gid()) != 0) {
            throw new IllegalStateException("setresgid(" + user.gid() + ") failed");
        }
        if (c.setresuid(user.uid(), user.uid(), user.uid()) != 0) {
            throw new IllegalStateException("setresuid(" + user.uid() + ") failed");
        }
        List<String> problems = settled(() -> verify(user), SETTLE_CHECKS, SETTLE_PAUSE_MS);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("privilege drop incomplete: " + String.join("; ", problems));
        }
    }

    /**
     * The problems {@code check} still finds after up to {@code checks} more looks {@code pauseMs}
     * apart (none: at once). A thread that was ending while glibc changed every thread's ids is
     * skipped by it and still shows the old ids in /proc until it is gone, though it runs no more
     * code of ours: seen as a drop that failed with the gids changed and the uids not, the
     * thread having begun to end between setresgid and setresuid. Such a thread leaves within
     * moments; a thread that keeps its ids stays a failure.
     */
    static List<String> settled(Supplier<List<String>> check, int checks, long pauseMs) {
        List<String> problems = check.get();
        for (int i = 0; !problems.isEmpty() && i < checks; i++) {
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return problems;
            }
            problems = check.get();
        }
        return problems;
    }

    /** What is still privileged in this process, per thread; empty when the drop holds everywhere. */
    public static List<String> verify(ServiceUser user) {
        List<String> problems = new ArrayList<>();
        List<TaskStatus> tasks;
        try {
            tasks = TaskStatus.allTasks();
        } catch (IOException e) {
            problems.add("cannot read /proc/self/task: " + e.getMessage());
            return problems;
        }
        problems.addAll(verify(user, tasks));
        return problems;
    }

    /** What is still privileged among these threads' credentials. */
    public static List<String> verify(ServiceUser user, List<TaskStatus> tasks) {
        List<String> problems = new ArrayList<>();
        for (TaskStatus t : tasks) {
            if (t.uids() == null || Arrays.stream(t.uids()).anyMatch(u -> u != user.uid())) {
                problems.add("task " + t.task() + " uids " + Arrays.toString(t.uids()));
            }
            if (t.gids() == null || Arrays.stream(t.gids()).anyMatch(g -> g != user.gid())) {
                problems.add("task " + t.task() + " gids " + Arrays.toString(t.gids()));
            }
            if (!t.groups().isEmpty()) {
                problems.add("task " + t.task() + " groups " + t.groups());
            }
            if (t.capEff() != 0 || t.capPrm() != 0) {
                problems.add("task " + t.task() + " still has capabilities");
            }
            // A thread without no_new_privs could regain privileges by exec'ing a setuid binary.
            if (t.noNewPrivs() != 1) {
                problems.add("task " + t.task() + " NoNewPrivs " + t.noNewPrivs() + " (must be 1)");
            }
        }
        return problems;
    }
}
