package dev.vipfs.crypto.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Someone who can put files into (or change files in) a keys directory, against the keyring that reads it. */
class KeyringFilesAttackTest {
    @TempDir
    Path dir;

    /** Makes a running keyring look at its directory again (its mtime is what it watches). */
    private static void touch(Path keys) throws Exception {
        Files.setLastModifiedTime(keys, FileTime.fromMillis(Files.getLastModifiedTime(keys).toMillis() + 10_000));
    }

    @Test
    void aPrivateKeyThatIsASymlinkIsRefusedEvenToAnOwnerOnlyFile() throws Exception {
        Path keys = dir.resolve("keys");
        Keyring.open(keys).generate("ops");
        Path priv = keys.resolve("ops.v1.key");
        Path elsewhere = Files.copy(priv, dir.resolve("planted.key"));
        Files.delete(priv);
        Files.createSymbolicLink(priv, elsewhere);
        KeyringException e = assertThrows(KeyringException.class, () -> Keyring.open(keys));
        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
    }

    @Test
    void aKeyFileCopiedUnderAnotherNameIsRefusedAsDamaged() throws Exception {
        Path keys = dir.resolve("keys");
        Keyring.open(keys).generate("ops");
        Files.copy(keys.resolve("ops.json"), keys.resolve("other.json"));
        KeyringException e = assertThrows(KeyringException.class, () -> Keyring.open(keys));
        assertTrue(e.getMessage().contains("other.json is damaged"), e.getMessage());
        assertTrue(e.getMessage().contains("restore it from a backup"), e.getMessage());
    }

    @Test
    void aDamagedKeyFileIsRefusedNamingTheFile() throws Exception {
        Path keys = dir.resolve("keys");
        Keyring.open(keys).generate("ops");
        Files.writeString(keys.resolve("ops.json"), "{\"name\": \"ops\", ", StandardCharsets.UTF_8);
        KeyringException e = assertThrows(KeyringException.class, () -> Keyring.open(keys));
        assertTrue(e.getMessage().startsWith("key file " + keys.resolve("ops.json") + " is damaged"), e.getMessage());
    }

    @Test
    void aRunningKeyringStopsDecryptingWhenAKeyBecomesReadableByOthersAndResumesOnceFixed() throws Exception {
        Path keys = dir.resolve("keys");
        Keyring ring = Keyring.open(keys);
        KeyInfo k = ring.generate("ops");
        assertTrue(ring.privateKey(k.keyId(), 1).isPresent());

        Path priv = keys.resolve("ops.v1.key");
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r--r--"));
        touch(keys);
        KeyringException e = assertThrows(KeyringException.class, () -> ring.privateKey(k.keyId(), 1));
        assertTrue(e.getMessage().contains("decryption stops"), e.getMessage());
        assertThrows(IllegalStateException.class, ring::canDecrypt, "nothing served from the copy in memory");

        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
        touch(keys);
        assertTrue(ring.privateKey(k.keyId(), 1).isPresent());
    }

    @Test
    void aPlantedTempFileSymlinkIsReplacedNotWrittenThrough() throws Exception {
        Path keys = dir.resolve("keys");
        Keyring ring = Keyring.open(keys);
        ring.generate("ops");
        Path victim = Files.writeString(dir.resolve("victim"), "untouched");
        Files.createSymbolicLink(keys.resolve(".ops.json.tmp"), victim);

        ring.rotate("ops");

        assertEquals("untouched", Files.readString(victim));
        assertFalse(Files.exists(keys.resolve(".ops.json.tmp"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isRegularFile(keys.resolve("ops.json"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("ops.json"))));
        assertEquals(2, Keyring.open(keys).list().get(0).latestVersion());
    }

    @Test
    void aPrivateKeyFileIsNeverOverwritten() throws Exception {
        Path keys = dir.resolve("keys");
        Keyring ring = Keyring.open(keys);
        ring.generate("ops");
        byte[] planted = new byte[32];
        Files.write(keys.resolve("ops.v2.key"), planted);
        Files.setPosixFilePermissions(keys.resolve("ops.v2.key"), PosixFilePermissions.fromString("rw-------"));
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> ring.rotate("ops"));
        assertArrayEquals(planted, Files.readAllBytes(keys.resolve("ops.v2.key")));
        assertEquals(1, Keyring.open(keys).list().get(0).latestVersion());
    }
}
