package dev.vipfs.fs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** This JVM's CPU by thread name (digits folded, so "C2 CompilerThread0" and "…1" add up), from /proc. */
final class ThreadTicks {
    private ThreadTicks() {
    }

    /** utime + stime in clock ticks per thread name, every thread of this process, the JVM's own included. */
    static Map<String, Long> byName() throws IOException {
        Map<String, Long> ticks = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException e) {
                    // the thread ended while it was read
                }
            }
        }
        return ticks;
    }

    /**
     * The busiest names between two snapshots, CPU seconds, on stdout; what the process spent beyond
     * them ({@code totalTicks}) went to threads that ended in between (the pump).
     */
    static void print(Map<String, Long> before, Map<String, Long> after, long totalTicks) {
        long live = after.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
        System.out.printf("  %6.2f (threads that ended: the pump)%n", (totalTicks - live) / 100.0);
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(8)
                .forEach(e -> System.out.printf("  %6.2f %s%n", e.getValue() / 100.0, e.getKey()));
    }
}
