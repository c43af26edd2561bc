package dev.vipfs.fs.content;

import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.ipfs.unixfs.ImportedNode;
import dev.vipfs.ipfs.unixfs.UnixfsImporter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/** Imports a local file or tree: every file becomes an envelope, directories stay plain UnixFS directories. */
public final class EncryptedTreeImporter {
    private final UnixfsImporter importer;
    private final EncryptedImporter files;
    private final List<RecipientKey> recipients;

    public EncryptedTreeImporter(UnixfsImporter importer, List<RecipientKey> recipients) {
        this.importer = importer;
        this.files = new EncryptedImporter(importer);
        this.recipients = List.copyOf(recipients);
    }

    /** Imports path; onAdded sees every entry, children before their directory, the root last. */
    public ImportedNode importPath(Path path, BiConsumer<Path, ImportedNode> onAdded) throws IOException {
        ImportedNode node;
        if (Files.isSymbolicLink(path)) {
            node = importer.addSymlink(Files.readSymbolicLink(path).toString());
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            SortedMap<String, ImportedNode> entries = new TreeMap<>();
            List<Path> children = new ArrayList<>();
            try (Stream<Path> s = Files.list(path)) {
                s.forEach(children::add);
            }
            children.sort(null);
            for (Path child : children) {
                entries.put(child.getFileName().toString(), importPath(child, onAdded));
            }
            node = importer.addDirectory(entries);
        } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            try (InputStream in = Files.newInputStream(path)) {
                node = files.importStream(in, recipients);
            }
        } else {
            throw new IOException(path + " is neither a file, a directory nor a symlink");
        }
        onAdded.accept(path, node);
        return node;
    }

    /** Imports one stream as an envelope. */
    public ImportedNode importStream(InputStream in) throws IOException {
        return files.importStream(in, recipients);
    }
}
