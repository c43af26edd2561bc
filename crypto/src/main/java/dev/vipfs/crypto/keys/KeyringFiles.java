package dev.vipfs.crypto.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * A keyring's directory on disk (docs/format.md, "Keyring files"): {@code <name>.json} per key,
 * replaced atomically, and {@code <name>.v<N>.key} per private key version, created once through
 * {@link PrivateKeyFiles} and refused when others may have read it. Not thread-safe: the keyring
 * calls it under its lock.
 */
final class KeyringFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    private KeyringFiles(Path dir) {
        this.dir = dir;
    }

    /** The files of the keyring in {@code keysDir}, creating the directory with mode 0700 if absent. */
    static KeyringFiles open(Path keysDir) throws IOException {
        if (!Files.isDirectory(keysDir)) {
            Files.createDirectories(keysDir.getParent() == null ? keysDir.toAbsolutePath().getParent() : keysDir.getParent());
            try {
                Files.createDirectory(keysDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // created concurrently; fine
            }
        }
        return new KeyringFiles(keysDir);
    }

    Path dir() {
        return dir;
    }

    /** The directory's modification time: every change of a key's files renames or creates a file in it. */
    FileTime stamp() throws IOException {
        return Files.getLastModifiedTime(dir);
    }

    /** Every key in the directory by name, with the private key versions this node holds. */
    Map<String, KeyState> readAll() throws IOException, KeyringException {
        Map<String, KeyState> all = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : files) {
                KeyState s = load(p);
                all.put(s.name, s);
            }
        }
        return all;
    }

    /** Creates version {@code version}'s private key file; fails if it exists. */
    void writePrivate(String name, int version, byte[] key) throws IOException {
        PrivateKeyFiles.create(privatePath(name, version), key);
    }

    /** Replaces the key's {@code <name>.json} atomically with its state. */
    void save(KeyState s) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", s.name);
        n.put("keyId", s.keyId);
        n.put("minDecryptionVersion", s.minDecryptionVersion);
        n.put("encrypt", s.encrypt);
        ObjectNode pubs = n.putObject("publicKeys");
        for (Map.Entry<Integer, byte[]> e : s.publics.entrySet()) {
            pubs.put(Integer.toString(e.getKey()), Base64.getEncoder().encodeToString(e.getValue()));
        }
        Path tmp = dir.resolve("." + s.name + ".json.tmp");
        Files.deleteIfExists(tmp);
        // Same mode and group as the private keys: readable by the service group of a shared directory, else 0600.
        PrivateKeyFiles.create(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
        Files.move(tmp, dir.resolve(s.name + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private KeyState load(Path meta) throws IOException, KeyringException {
        JsonNode n;
        try {
            n = JSON.readTree(meta.toFile());
        } catch (IOException e) {
            throw new KeyringException("key file " + meta + " is damaged (" + e.getMessage() + "); restore it from a backup");
        }
        String name = n.path("name").asText("");
        String keyId = n.path("keyId").asText("");
        JsonNode pubs = n.path("publicKeys");
        if (!KeyName.isValid(name) || !KeyId.isValid(keyId) || !pubs.isObject() || pubs.size() == 0
                || !meta.getFileName().toString().equals(name + ".json")) {
            throw new KeyringException("key file " + meta + " is damaged (missing name, key id or public keys); restore it from a backup");
        }
        KeyState s = new KeyState(name, keyId, n.path("minDecryptionVersion").asInt(1), n.path("encrypt").asBoolean(true));
        for (Map.Entry<String, JsonNode> e : pubs.properties()) {
            int version;
            byte[] pub;
            try {
                version = Integer.parseInt(e.getKey());
                pub = Base64.getDecoder().decode(e.getValue().asText());
            } catch (IllegalArgumentException ex) {
                throw new KeyringException("key file " + meta + " has a damaged public key entry '" + e.getKey() + "'");
            }
            if (version < 1 || pub.length != 32) {
                throw new KeyringException("key file " + meta + " has a damaged public key entry '" + e.getKey() + "'");
            }
            s.publics.put(version, pub);
            Path priv = privatePath(name, version);
            if (Files.exists(priv, LinkOption.NOFOLLOW_LINKS)) {
                s.privates.put(version, readPrivate(priv));
            }
        }
        return s;
    }

    private static byte[] readPrivate(Path p) throws IOException, KeyringException {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new KeyringException("private key " + p + " is not a regular file; remove it or restore it from a backup");
        }
        String exposed = PrivateKeyFiles.exposedMode(p);
        if (exposed != null) {
            throw new KeyringException("REFUSING to use private key " + p + ": its mode is "
                    + exposed + " but must be rw------- (0600), others may have read it."
                    + " Fix with 'chmod 600 " + p + "' and consider rotating the key.");
        }
        byte[] raw = Files.readAllBytes(p);
        if (raw.length != 32) {
            throw new KeyringException("private key " + p + " is damaged (" + raw.length + " bytes, expected 32); restore it from a backup");
        }
        return raw;
    }

    private Path privatePath(String name, int version) {
        return dir.resolve(name + ".v" + version + ".key");
    }
}
