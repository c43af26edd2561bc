package dev.vipfs.ipfs.unixfs.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The one walk of a local file, directory or symlink that every import uses, plain or encrypted,
 * so both see the same entries: children in the byte order of their UTF-8 names (as Kubo walks
 * them), symlinks never followed, and names starting with '.' below the root skipped unless
 * hidden files were asked for (Kubo's {@code ipfs add -r} without {@code -H}; the root itself is
 * always added, as Kubo does).
 */
public final class LocalTree {
    /** What an import makes of each kind of entry. */
    public interface Builder {
        ImportedNode file(Path file) throws IOException;

        ImportedNode symlink(Path link, String target) throws IOException;

        ImportedNode directory(Path dir, SortedMap<String, ImportedNode> entries) throws IOException;
    }

    private final boolean hidden;

    /** A walk that includes dot-files when {@code hidden} is true. */
    public LocalTree(boolean hidden) {
        this.hidden = hidden;
    }

    /**
     * Builds {@code p} and everything below it; {@code onAdded} (may be null) sees every entry after
     * it is built, children before their directory, so the root comes last.
     */
    public ImportedNode walk(Path p, Builder builder, BiConsumer<Path, ImportedNode> onAdded) throws IOException {
        ImportedNode node;
        if (Files.isSymbolicLink(p)) {
            node = builder.symlink(p, Files.readSymbolicLink(p).toString());
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            SortedMap<String, ImportedNode> entries = new TreeMap<>();
            for (Path c : children(p)) {
                entries.put(c.getFileName().toString(), walk(c, builder, onAdded));
            }
            node = builder.directory(p, entries);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            node = builder.file(p);
        } else if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(p.toString(), null, "cannot add: no such file or directory");
        } else {
            throw new IOException("cannot add " + p + ": only regular files, directories and symlinks are supported");
        }
        if (onAdded != null) {
            onAdded.accept(p, node);
        }
        return node;
    }

    private List<Path> children(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                if (hidden || !c.getFileName().toString().startsWith(".")) {
                    children.add(c);
                }
            }
        }
        children.sort((a, b) -> Arrays.compareUnsigned(a.getFileName().toString().getBytes(StandardCharsets.UTF_8),
                b.getFileName().toString().getBytes(StandardCharsets.UTF_8)));
        return children;
    }
}
