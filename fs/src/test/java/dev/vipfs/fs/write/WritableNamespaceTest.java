package dev.vipfs.fs.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.crypto.keys.Keyring;
import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.unixfs.ImportOptions;
import dev.vipfs.ipfs.unixfs.ImportedNode;
import dev.vipfs.ipfs.unixfs.UnixfsImporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The namespace without a mount: directory CIDs, spool privacy and cleaning, unlink-while-open. */
class WritableNamespaceTest {
    @TempDir
    Path tmp;

    private WritableNamespace open(UnixfsImporter importer, Keyring keys) throws Exception {
        return WritableNamespace.open(tmp.resolve("catalog"), tmp.resolve("spool"), importer, keys::defaultRecipients);
    }

    @Test
    void directoryCidsAreUnixfsDirectoriesOfCurrentVersions() throws Exception {
        Keyring keys = Keyring.open(tmp.resolve("keys"));
        keys.generate("default");
        UnixfsImporter importer = new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefault());
        try (WritableNamespace ns = open(importer, keys)) {
            // The empty namespace is Kubo's empty directory.
            assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", ns.cid("").toString());
            ns.mkdir("a");
            WritableNamespace.Open h = ns.openWrite("a/f", true, null);
            ns.write(h, 0, "hello".getBytes(StandardCharsets.UTF_8), 5);
            NamespaceCatalog.Version v = ns.release(h).orElseThrow();
            TreeMap<String, ImportedNode> inner = new TreeMap<>();
            inner.put("f", new ImportedNode(v.cid(), v.dagSize(), v.size()));
            ImportedNode a = importer.addDirectory(inner);
            TreeMap<String, ImportedNode> outer = new TreeMap<>();
            outer.put("a", a);
            assertEquals(a.cid(), ns.cid("a"));
            assertEquals(importer.addDirectory(outer).cid(), ns.cid(""));
        }
    }

    @Test
    void spoolIsPrivateAndLeftoversAreCleanedAtOpen() throws Exception {
        Keyring keys = Keyring.open(tmp.resolve("keys"));
        keys.generate("default");
        UnixfsImporter importer = new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefault());
        Files.createDirectories(tmp.resolve("spool"));
        Files.writeString(tmp.resolve("spool/left-by-crash.spool"), "plaintext");
        try (WritableNamespace ns = open(importer, keys)) {
            assertEquals(0, ns.spoolDirectory().count());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("spool"))));
            WritableNamespace.Open h = ns.openWrite("f", true, null);
            try (var s = Files.list(tmp.resolve("spool"))) {
                Path spool = s.findFirst().orElseThrow();
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(spool)));
            }
            // Unlinked while open: the data is discarded, nothing is catalogued.
            ns.write(h, 0, new byte[] {1, 2, 3}, 3);
            ns.remove("f", false);
            assertEquals(Optional.empty(), ns.release(h));
            assertTrue(ns.catalog().get("f").isEmpty());
            assertEquals(List.of(), ns.list(""));
            assertEquals(0, ns.spoolDirectory().count());
        }
    }
}
