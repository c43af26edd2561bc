package dev.vipfs.crypto.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringTest {
    @TempDir
    Path dir;

    @Test
    void generateCreatesOwnerOnlyPrivateKeyAndPersists() throws Exception {
        Path keys = dir.resolve("home/keys");
        Keyring ring = Keyring.open(keys);
        KeyInfo k = ring.generate("ops");
        assertEquals(new KeyInfo("ops", k.keyId(), 1, 1, true), k);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("ops.v1.key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        assertEquals(KeyId.of(ring.current("ops").x25519PublicKey()), k.keyId());
        assertTrue(ring.canDecrypt());
        Keyring again = Keyring.open(keys);
        assertEquals(List.of(k), again.list());
        assertTrue(again.privateKey(k.keyId(), 1).isPresent());
        assertFalse(again.privateKey(k.keyId(), 2).isPresent());
    }

    @Test
    void refusesPrivateKeyFilesReadableByOthers() throws Exception {
        Path keys = dir.resolve("keys");
        Keyring.open(keys).generate("ops");
        Path priv = keys.resolve("ops.v1.key");
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r--r--"));
        KeyringException e = assertThrows(KeyringException.class, () -> Keyring.open(keys));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
        Keyring.open(keys);
    }

    @Test
    void badNamesAndDuplicatesAreRejected() throws Exception {
        Keyring ring = Keyring.open(dir.resolve("keys"));
        ring.generate("a");
        assertThrows(IllegalArgumentException.class, () -> ring.generate("a"));
        assertThrows(IllegalArgumentException.class, () -> ring.generate("../x"));
        assertThrows(IllegalArgumentException.class, () -> ring.generate(""));
        assertThrows(IllegalArgumentException.class, () -> ring.rotate("missing"));
        assertThrows(IllegalArgumentException.class, () -> ring.current("missing"));
        assertThrows(IllegalArgumentException.class, () -> ring.setMinDecryptionVersion("a", 2));
        assertThrows(IllegalArgumentException.class, () -> ring.setMinDecryptionVersion("a", 0));
    }

    @Test
    void rotationKeepsKeyIdAndAddsVersions() throws Exception {
        Keyring ring = Keyring.open(dir.resolve("keys"));
        KeyInfo v1 = ring.generate("a");
        RecipientKey r1 = ring.current("a");
        KeyInfo v2 = ring.rotate("a");
        assertEquals(v1.keyId(), v2.keyId());
        assertEquals(2, v2.latestVersion());
        RecipientKey r2 = ring.current("a");
        assertEquals(2, r2.version());
        assertFalse(java.util.Arrays.equals(r1.x25519PublicKey(), r2.x25519PublicKey()));
        ring.setMinDecryptionVersion("a", 2);
        assertEquals(2, ring.minDecryptionVersion(v1.keyId()));
        assertEquals(2, Keyring.open(dir.resolve("keys")).list().get(0).minDecryptionVersion());
    }

    @Test
    void exportImportPublic() throws Exception {
        Keyring owner = Keyring.open(dir.resolve("owner"));
        owner.generate("ops");
        owner.rotate("ops");
        String line = owner.exportPublic("ops");
        assertTrue(line.startsWith("vipfs-pub1:ops:" + owner.current("ops").keyId() + ":2:"), line);
        Keyring writer = Keyring.open(dir.resolve("writer"));
        writer.importPublic(line + "\n");
        assertEquals(owner.current("ops"), writer.current("ops"));
        assertFalse(writer.canDecrypt());
        assertFalse(writer.list().get(0).hasPrivateKey());
        assertEquals(List.of(owner.current("ops")), writer.defaultRecipients());
        assertThrows(IllegalStateException.class, () -> writer.rotate("ops"));
        writer.importPublic(line); // idempotent

        assertThrows(IllegalArgumentException.class, () -> writer.importPublic("garbage"));
        assertThrows(IllegalArgumentException.class, () -> writer.importPublic("vipfs-pub1:ops:zz:1:AAAA"));
        String v1 = "vipfs-pub1:x:" + owner.current("ops").keyId() + ":1:" + line.substring(line.lastIndexOf(':') + 1);
        assertThrows(IllegalArgumentException.class, () -> writer.importPublic(v1), "key id must match a version-1 key");
        Keyring other = Keyring.open(dir.resolve("other"));
        other.generate("ops");
        assertThrows(IllegalArgumentException.class, () -> other.importPublic(line), "name clash with a different key");
        KeyInfo renamed = other.importPublic(line, "ops-remote");
        assertEquals("ops-remote", renamed.name());
        assertFalse(renamed.hasPrivateKey());
        assertEquals(owner.current("ops").keyId(), other.current("ops-remote").keyId());
        assertEquals(2, other.defaultRecipients().size(), "an imported public key is a default recipient");
        assertThrows(IllegalArgumentException.class, () -> other.importPublic(line, "again"), "one key id, one name");
    }

    @Test
    void defaultRecipientsCanBeNarrowed() throws Exception {
        Keyring ring = Keyring.open(dir.resolve("keys"));
        ring.generate("a");
        ring.generate("b");
        assertEquals(2, ring.defaultRecipients().size());
        ring.setDefaultRecipient("b", false);
        assertEquals(List.of(ring.current("a")), ring.defaultRecipients());
    }

    @Test
    void concurrentLookupsDuringRotation() throws Exception {
        Keyring ring = Keyring.open(dir.resolve("keys"));
        String id = ring.generate("a").keyId();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        assertArrayEquals(ring.privateKey(id, 1).orElseThrow().x25519PublicKey(),
                                ring.privateKey(id, 1).orElseThrow().x25519PublicKey());
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 10; i++) {
                ring.rotate("a");
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(11, ring.current("a").version());
    }

    @Test
    void privateExportImportsIntoAnotherKeyringWithEveryVersion() throws Exception {
        Keyring a = Keyring.open(dir.resolve("a/keys"));
        KeyInfo k = a.generate("ops");
        a.rotate("ops");
        String line = a.exportPrivate("ops");
        assertTrue(line.startsWith("vipfs-priv1:ops:" + k.keyId() + ":1:1."), line);

        Keyring b = Keyring.open(dir.resolve("b/keys"));
        b.generate("default");
        KeyInfo imported = b.importPrivate(line, null);
        assertEquals(new KeyInfo("ops", k.keyId(), 2, 1, true), imported);
        for (int v = 1; v <= 2; v++) {
            assertArrayEquals(a.privateKey(k.keyId(), v).orElseThrow().x25519PrivateKey(),
                    b.privateKey(k.keyId(), v).orElseThrow().x25519PrivateKey());
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("b/keys/ops.v" + v + ".key"))));
        }
        assertArrayEquals(a.current("ops").x25519PublicKey(), Keyring.open(dir.resolve("b/keys")).current("ops").x25519PublicKey());

        // A write-only node holding the public key becomes a full one.
        Keyring w = Keyring.open(dir.resolve("w/keys"));
        w.importPublic(a.exportPublic("ops"));
        assertFalse(w.canDecrypt());
        w.importPrivate(line, null);
        assertTrue(w.canDecrypt());

        String other = Keyring.open(dir.resolve("c/keys")).exportPrivate(Keyring.open(dir.resolve("c/keys")).generate("ops").name());
        assertThrows(IllegalArgumentException.class, () -> b.importPrivate(other, null), "different key, same name");
        b.importPrivate(other, "ops-c");
        assertThrows(IllegalArgumentException.class, () -> b.importPrivate(line.replace(k.keyId(), "0".repeat(32)), "x"),
                "altered key id");
        assertThrows(IllegalArgumentException.class, () -> b.importPrivate("vipfs-priv1:ops:" + k.keyId() + ":1:1.AAAA", "y"));
        assertThrows(IllegalArgumentException.class, () -> b.importPrivate(a.exportPublic("ops"), "z"));
    }
}
