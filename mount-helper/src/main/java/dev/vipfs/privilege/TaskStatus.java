package dev.vipfs.privilege;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The credential lines of one thread's /proc status, as the kernel reports them. */
public record TaskStatus(String task, long[] uids, long[] gids, String groups, long capEff, long capPrm, int noNewPrivs) {

    public static List<TaskStatus> allTasks() throws IOException {
        return allTasks(Path.of("/proc/self/task"));
    }

    /** The threads of the process whose /proc task directory this is. */
    public static List<TaskStatus> allTasks(Path taskDir) throws IOException {
        return allTasks(taskDir, t -> Files.readAllLines(t.resolve("status")));
    }

    /** Reads one task directory's status lines. */
    interface StatusReader {
        List<String> read(Path task) throws IOException;
    }

    /**
     * Every task listed in taskDir that still exists once its status has been read. A thread that
     * ends while we look holds no credentials any more; depending on the moment, its status fails
     * to open (ENOENT) or to read (ESRCH), so a failure counts as "gone" only when the task's
     * directory has gone too, and anything else still fails the verification.
     */
    static List<TaskStatus> allTasks(Path taskDir, StatusReader reader) throws IOException {
        List<TaskStatus> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(taskDir)) {
            for (Path t : (Iterable<Path>) s::iterator) {
                List<String> lines;
                try {
                    lines = reader.read(t);
                } catch (IOException e) {
                    if (Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
                        throw e;
                    }
                    continue;
                }
                out.add(parse(t.getFileName().toString(), lines));
            }
        }
        return out;
    }

    public static TaskStatus parse(String task, List<String> lines) {
        long[] uids = null;
        long[] gids = null;
        String groups = "";
        long capEff = -1;
        long capPrm = -1;
        int nnp = -1;
        for (String l : lines) {
            int colon = l.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = l.substring(0, colon);
            String v = l.substring(colon + 1).trim();
            switch (key) {
                case "Uid" -> uids = longs(v);
                case "Gid" -> gids = longs(v);
                case "Groups" -> groups = v;
                case "CapEff" -> capEff = Long.parseUnsignedLong(v, 16);
                case "CapPrm" -> capPrm = Long.parseUnsignedLong(v, 16);
                case "NoNewPrivs" -> nnp = Integer.parseInt(v);
                default -> { }
            }
        }
        return new TaskStatus(task, uids, gids, groups, capEff, capPrm, nnp);
    }

    private static long[] longs(String v) {
        return Stream.of(v.split("\\s+")).mapToLong(Long::parseLong).toArray();
    }
}
