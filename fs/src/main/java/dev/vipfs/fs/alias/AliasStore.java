package dev.vipfs.fs.alias;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vipfs.fs.catalog.AtomicReplace;
import dev.vipfs.fs.catalog.StateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The aliases of one home, in {@code aliases.json} ({@code {"site": "bafy…", "blog": "/ipns/k51…"}}).
 * Every change is a whole new file renamed over the old one after an fsync, so a reader (the
 * running mount) sees the old set or the new one, never half a file, and a crash leaves one of
 * the two. The mount re-reads the file when its identity or time stamp changes, so a new alias
 * shows up without a restart. Changes hold {@code aliases.lock}, so two commands at once both land.
 */
public final class AliasStore {
    public static final String FILE = "aliases.json";
    private static final String LOCK_FILE = "aliases.lock";
    private static final ReentrantLock JVM_CHANGES = new ReentrantLock();
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Loaded(Object fileKey, long modifiedNanos, long size, Map<String, Alias> aliases) { }

    private final Path file;
    private volatile Loaded loaded;

    public AliasStore(Path dir) {
        this.file = dir.resolve(FILE);
    }

    public Path file() {
        return file;
    }

    /** Every alias by name, re-read when the file was replaced since the last call. */
    public Map<String, Alias> all() throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException none) {
            return Map.of();
        }
        Loaded l = loaded;
        long modified = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        if (l != null && Objects.equals(l.fileKey(), a.fileKey()) && l.modifiedNanos() == modified && l.size() == a.size()) {
            return l.aliases();
        }
        if (!a.isRegularFile()) {
            throw new IOException(file + " is not a plain file (a link or device is in its place); remove it");
        }
        Map<String, Alias> parsed = parse(Files.readAllBytes(file));
        loaded = new Loaded(a.fileKey(), modified, a.size(), parsed);
        return parsed;
    }

    public Optional<Alias> get(String name) throws IOException {
        return Optional.ofNullable(all().get(name));
    }

    /** Adds or replaces an alias; returns the one it replaced. */
    public Optional<Alias> set(Alias alias) throws IOException {
        try (Change c = change()) {
            Map<String, Alias> next = new TreeMap<>(all());
            Alias old = next.put(alias.name(), alias);
            write(next);
            return Optional.ofNullable(old);
        }
    }

    /** Removes an alias; false when there was none of that name. */
    public boolean remove(String name) throws IOException {
        try (Change c = change()) {
            Map<String, Alias> next = new TreeMap<>(all());
            if (next.remove(name) == null) {
                return false;
            }
            write(next);
            return true;
        }
    }

    /** Held while one read-modify-write of the file runs. */
    private interface Change extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /**
     * Serialises changes: within this JVM on one lock (a second FileLock on the file from the same
     * JVM would throw rather than wait), across processes ({@code vipfs alias} run twice at once) on
     * {@code aliases.lock}. Without it two changes both read the old set and the later rename drops
     * the earlier one's alias.
     */
    private Change change() throws IOException {
        JVM_CHANGES.lock();
        FileChannel lockFile = null;
        try {
            // A link, FIFO or device planted here is refused, not opened (a FIFO would hang the command).
            lockFile = StateFiles.open(file.resolveSibling(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock held = lockFile.lock();
            FileChannel ch = lockFile;
            return () -> {
                try (ch) {
                    held.release();
                } finally {
                    JVM_CHANGES.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            if (lockFile != null) {
                lockFile.close();
            }
            JVM_CHANGES.unlock();
            throw e;
        }
    }

    private Map<String, Alias> parse(byte[] bytes) throws IOException {
        Map<String, Alias> out = new TreeMap<>();
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not valid JSON (" + e.getOriginalMessage() + "); fix or remove it");
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + " must hold one JSON object of name → CID or /ipns/NAME");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                out.put(e.getKey(), Alias.of(e.getKey(), e.getValue().asText()));
            } catch (Alias.InvalidAliasException bad) {
                throw new IOException(file + ": " + bad.getMessage());
            }
        }
        return Map.copyOf(out);
    }

    private void write(Map<String, Alias> aliases) throws IOException {
        Map<String, String> plain = new TreeMap<>();
        aliases.forEach((k, v) -> plain.put(k, v.target()));
        byte[] bytes = (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(plain) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        // Changes hold aliases.lock, so this is the only writer: a fixed temporary name.
        AtomicReplace.write(file, file.resolveSibling(FILE + ".tmp"), bytes, PosixFilePermissions.fromString("rw-------"));
    }
}
