package dev.vipfs.fs.sealing;

import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.ipfs.unixfs.ImportedNode;
import dev.vipfs.ipfs.unixfs.UnixfsImporter;
import java.io.IOException;
import java.io.InputStream;
import dev.vipfs.ipfs.unixfs.LocalTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.function.BiConsumer;

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

    /**
     * Imports path, walked by {@link LocalTree} as plain adds are; dot-files below it only when the
     * importer's options include hidden files. onAdded sees every entry, children before their
     * directory, the root last.
     */
    public ImportedNode importPath(Path path, BiConsumer<Path, ImportedNode> onAdded) throws IOException {
        return new LocalTree(importer.options().hidden()).walk(path, new LocalTree.Builder() {
            @Override
            public ImportedNode file(Path file) throws IOException {
                try (InputStream in = Files.newInputStream(file)) {
                    return files.importStream(in, recipients);
                }
            }

            @Override
            public ImportedNode symlink(Path link, String target) throws IOException {
                return importer.addSymlink(target);
            }

            @Override
            public ImportedNode directory(Path dir, SortedMap<String, ImportedNode> entries) throws IOException {
                return importer.addDirectory(entries);
            }
        }, onAdded::accept);
    }

    /** Imports one stream as an envelope. */
    public ImportedNode importStream(InputStream in) throws IOException {
        return files.importStream(in, recipients);
    }
}
