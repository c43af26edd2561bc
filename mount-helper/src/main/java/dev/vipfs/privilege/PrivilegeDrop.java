package dev.vipfs.privilege;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drops a root process to a service user for good (supplementary groups cleared, real, effective
 * and saved ids changed, hence no capabilities) and proves it for every thread.
 */
public final class PrivilegeDrop {
    private static final int PR_SET_NO_NEW_PRIVS = 38;

    private PrivilegeDrop() { }

    /** Sets no_new_privs on the calling thread; threads it creates later inherit it. */
    public static void noNewPrivsForThisThread() {
        if (LibC.INSTANCE.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
            throw new IllegalStateException("prctl(PR_SET_NO_NEW_PRIVS) failed");
        }
    }

    /** Drops to user or throws; never returns with any thread still privileged. */
    public static void dropTo(ServiceUser user) {
        if (user.uid() == 0) {
            throw new IllegalStateException("refusing to 'drop' to uid 0");
        }
        LibC c = LibC.INSTANCE;
        if (c.setgroups(0, null) != 0) {
            throw new IllegalStateException("setgroups(0) failed: not running as root?");
        }
        if (c.setresgid(user.gid(), user.gid(), user.gid()) != 0) {
            throw new IllegalStateException("setresgid(" + user.gid() + ") failed");
        }
        if (c.setresuid(user.uid(), user.uid(), user.uid()) != 0) {
            throw new IllegalStateException("setresuid(" + user.uid() + ") failed");
        }
        List<String> problems = verify(user);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("privilege drop incomplete: " + String.join("; ", problems));
        }
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
        }
        return problems;
    }
}
