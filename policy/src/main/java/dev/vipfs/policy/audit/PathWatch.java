package dev.vipfs.policy.audit;

import dev.vipfs.libc.Libc;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Whether a path may name another file than when it was last looked at, answered without a path
 * lookup. Arming it records every (directory, entry) that resolving the path reads, following
 * symbolic links as the kernel does, and puts an inotify watch on each of those directories; any
 * entry of those names created, moved or deleted, any of the directories moved or deleted, or a lost
 * event, makes {@link #changed} true. The kernel queues an event before the rename or unlink that
 * caused it returns, so a line written after logrotate's rename sees it, as a {@code lstat} per line
 * did; the lstat cost a path walk and made ext4 journal the log's mtime on every write after it
 * (docs/benchmarks.md, "The audit line, and row 5's audited floor"). Without inotify (no libc, its limits reached, a directory
 * the caller may not read) {@link #changed} is always true and the caller checks the path itself.
 * Not thread-safe: the audit log uses it under its lock.
 */
final class PathWatch implements AutoCloseable {
    private static final int IN_MOVED_FROM = 0x40;
    private static final int IN_MOVED_TO = 0x80;
    private static final int IN_CREATE = 0x100;
    private static final int IN_DELETE = 0x200;
    private static final int IN_DELETE_SELF = 0x400;
    private static final int IN_MOVE_SELF = 0x800;
    private static final int IN_ONLYDIR = 0x1000000;
    private static final int IN_NAMED = IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE;
    private static final int WATCH = IN_NAMED | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
    private static final int IN_NONBLOCK = 04000;
    private static final int IN_CLOEXEC = 02000000;
    private static final int EVENT_HEADER = 16; // struct inotify_event: wd, mask, cookie, len
    private static final int BUFFER = 4096;
    private static final int MAX_LINKS = 40; // the kernel's limit on symbolic links in one lookup
    /** How the JDK spells a file name in bytes, so names in events compare as the kernel saw them. */
    private static final Charset JNU = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

    private final Path file;
    private final Libc.Calls libc;
    private final Pointer events;
    private int fd = -1;
    private boolean unavailable;
    private Map<Integer, List<byte[]>> namesByWatch = Map.of();

    private PathWatch(Path file, Libc.Calls libc) {
        this.file = file.toAbsolutePath().normalize();
        this.libc = libc;
        this.events = libc == null ? null : Memory.allocateDirect(Runtime.getRuntime(libc), BUFFER);
        this.unavailable = libc == null;
    }

    /** A watch on {@code file}, armed. */
    static PathWatch armed(Path file) {
        PathWatch w = new PathWatch(file, Libc.C);
        w.arm();
        return w;
    }

    /**
     * Whether an event since the last {@link #arm} may have changed what the path names (always true
     * when not armed). Consumes the queued events; after a true answer, {@link #arm} again before
     * looking at the path, so that a change during the look is not missed.
     */
    boolean changed() {
        if (fd < 0) {
            return true;
        }
        boolean changed = false;
        while (true) {
            long n = libc.read(fd, events, BUFFER);
            if (n < 0 && Runtime.getRuntime(libc).getLastError() == Libc.EAGAIN) {
                return changed;
            }
            if (n <= 0) {
                disarm(); // the descriptor broke: say so on every call until armed again
                return true;
            }
            changed |= concernsPath((int) n);
        }
    }

    private boolean concernsPath(int length) {
        boolean concerns = false;
        for (int off = 0; off + EVENT_HEADER <= length; ) {
            int wd = events.getInt(off);
            int mask = events.getInt(off + 4);
            int nameLength = events.getInt(off + 12);
            if ((mask & IN_NAMED) == 0) {
                concerns = true; // a watched directory moved or deleted, a watch dropped, or events lost
            } else {
                byte[] name = new byte[nameLength];
                events.get(off + EVENT_HEADER, name, 0, nameLength);
                concerns |= watched(wd, trimNul(name));
            }
            off += EVENT_HEADER + nameLength;
        }
        return concerns;
    }

    private boolean watched(int wd, byte[] name) {
        List<byte[]> names = namesByWatch.get(wd);
        if (names == null) {
            return true;
        }
        for (byte[] n : names) {
            if (Arrays.equals(n, name)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] trimNul(byte[] name) {
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        return end == name.length ? name : Arrays.copyOf(name, end);
    }

    /** Drops the watches and sets new ones on the path as it resolves now; unarmed if that fails. */
    void arm() {
        disarm();
        if (unavailable) {
            return;
        }
        List<Lookup> path;
        try {
            path = lookups(file);
        } catch (IOException | RuntimeException e) {
            unavailable = true; // a symbolic link loop: the log's own open reports it
            return;
        }
        arm(path);
    }

    /**
     * Watches the directories of {@code path} (as {@link #lookups} gives them), or stays unarmed.
     * Package-visible so that a test can hand it a directory that is gone.
     */
    void arm(List<Lookup> path) {
        disarm();
        if (unavailable) {
            return;
        }
        int newFd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (newFd < 0) {
            unavailable = true; // the per-user instance limit: check the path on every line instead
            return;
        }
        Map<Integer, List<byte[]>> names = new HashMap<>();
        try {
            for (Lookup l : path) {
                int wd = libc.inotify_add_watch(newFd, l.dir().toString(), WATCH);
                if (wd < 0) {
                    int errno = Runtime.getRuntime(libc).getLastError();
                    libc.close(newFd);
                    // A directory removed or replaced between the lookup and the watch (a rotation
                    // under way) is a race: stay unarmed, so the next line looks the path up and arms
                    // again. A directory this user may not read (after the privilege drop) or the
                    // watch limit is not: trying again per line would cost more than the lstat it saves.
                    if (errno != Libc.ENOENT && errno != Libc.ENOTDIR) {
                        unavailable = true;
                    }
                    return;
                }
                names.computeIfAbsent(wd, k -> new ArrayList<>()).add(l.name().getBytes(JNU));
            }
        } catch (RuntimeException e) {
            // A binding that throws once throws again: no descriptor left behind, and the path
            // checked on every line instead.
            libc.close(newFd);
            unavailable = true;
            return;
        }
        fd = newFd;
        namesByWatch = names;
    }

    /** One entry that resolving the path looks up: {@code name} in the real directory {@code dir}. */
    record Lookup(Path dir, String name) { }

    /**
     * The entries resolving {@code file} reads, in order, with symbolic links on the way followed
     * (not the last name: the log refuses a link there). Stops at the first entry that does not exist.
     */
    static List<Lookup> lookups(Path file) throws IOException {
        List<Lookup> out = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>();
        file.forEach(p -> todo.add(p.toString()));
        Path dir = file.getRoot();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                dir = dir.getParent() == null ? dir : dir.getParent();
                continue;
            }
            Path next = dir.resolve(name);
            out.add(new Lookup(dir, name));
            if (!todo.isEmpty() && Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many symbolic links in " + file);
                }
                Path target = Files.readSymbolicLink(next);
                List<String> parts = new ArrayList<>();
                target.forEach(p -> parts.add(p.toString()));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
                if (target.isAbsolute()) {
                    dir = target.getRoot();
                }
                continue;
            }
            if (!todo.isEmpty() && !Files.isDirectory(next)) {
                break;
            }
            dir = next;
        }
        return out;
    }

    private void disarm() {
        if (fd >= 0) {
            libc.close(fd);
            fd = -1;
        }
        namesByWatch = Map.of();
    }

    @Override
    public void close() {
        disarm();
        unavailable = true;
    }
}
