package dev.vipfs.privilege;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The credential lines of one thread's /proc status, as the kernel reports them. */
public record TaskStatus(String task, long[] uids, long[] gids, String groups, long capEff, long capPrm, int noNewPrivs) {

    public static List<TaskStatus> allTasks() throws IOException {
        List<TaskStatus> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) s::iterator) {
                try {
                    out.add(parse(t.getFileName().toString(), Files.readAllLines(t.resolve("status"))));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // A thread that ended while we looked no longer holds any credentials.
                }
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
