package dev.vipfs.crypto.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vipfs.crypto.CryptoException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * Named, versioned X25519 keys stored as files under one directory, with Vault transit semantics:
 * rotation adds a version, new objects use the latest, and versions below the minimum decryption
 * version stop decrypting.
 *
 * <p>Layout: {@code <name>.json} holds the key id, public keys per version, minimum decryption version
 * and whether the key is a default recipient; {@code <name>.v<N>.key} holds version N's 32-byte private
 * key, created with mode 0600. Thread-safe; changes made by other processes (e.g. the CLI raising a
 * minimum version under a running mount) are picked up on the next lookup.
 */
public final class Keyring implements KeyResolver {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final String EXPORT_PREFIX = "vipfs-pub1";
    private static final String PRIVATE_PREFIX = "vipfs-priv1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_STALE_NANOS = 2_000_000_000L;

    private final Path dir;
    private final SecureRandom random;
    private final Map<String, KeyState> keys = new TreeMap<>();
    private FileTime loadedAt;
    private long loadedNanos;

    private Keyring(Path dir, SecureRandom random) {
        this.dir = dir;
        this.random = random;
    }

    /**
     * Opens (creating with mode 0700 if absent) the keyring in a directory.
     *
     * @throws KeyringException if a private key file is readable by others than its owner, or a file is damaged
     */
    public static Keyring open(Path keysDir) throws IOException, KeyringException {
        return open(keysDir, new SecureRandom());
    }

    /** As {@link #open(Path)} with injected randomness for key generation (tests only). */
    public static Keyring open(Path keysDir, SecureRandom random) throws IOException, KeyringException {
        if (!Files.isDirectory(keysDir)) {
            Files.createDirectories(keysDir.getParent() == null ? keysDir.toAbsolutePath().getParent() : keysDir.getParent());
            try {
                Files.createDirectory(keysDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // created concurrently; fine
            }
        }
        Keyring k = new Keyring(keysDir, random);
        synchronized (k) {
            k.reload();
        }
        return k;
    }

    /** Generates a new key pair as version 1 of a new named key. */
    public synchronized KeyInfo generate(String name) throws IOException, KeyringException {
        requireName(name);
        refresh();
        if (keys.containsKey(name)) {
            throw new IllegalArgumentException("a key named '" + name + "' already exists; use 'vipfs key rotate " + name
                    + "' for a new version");
        }
        X25519PrivateKeyParameters priv = new X25519PrivateKeyParameters(random);
        byte[] pub = priv.generatePublicKey().getEncoded();
        KeyState s = new KeyState(name, KeyId.of(pub), 1, true);
        s.publics.put(1, pub);
        writePrivate(name, 1, priv.getEncoded());
        s.privates.put(1, priv.getEncoded());
        save(s);
        keys.put(name, s);
        return s.info();
    }

    /** Adds a new version to a key this node holds the private key of. */
    public synchronized KeyInfo rotate(String name) throws IOException, KeyringException {
        KeyState s = require(name);
        if (s.privates.isEmpty()) {
            throw new IllegalStateException("key '" + name + "' is public-only here; rotate it on the node that holds its private key");
        }
        int version = s.latest() + 1;
        X25519PrivateKeyParameters priv = new X25519PrivateKeyParameters(random);
        writePrivate(name, version, priv.getEncoded());
        s.privates.put(version, priv.getEncoded());
        s.publics.put(version, priv.generatePublicKey().getEncoded());
        save(s);
        return s.info();
    }

    /** Versions below this one stop decrypting (until objects are rewrapped to a newer version). */
    public synchronized void setMinDecryptionVersion(String name, int version) throws IOException, KeyringException {
        KeyState s = require(name);
        if (version < 1 || version > s.latest()) {
            throw new IllegalArgumentException("minimum decryption version of key '" + name + "' must be between 1 and its latest version "
                    + s.latest() + ", got " + version);
        }
        s.minDecryptionVersion = version;
        save(s);
    }

    /** Whether new objects are encrypted to this key by default. */
    public synchronized void setDefaultRecipient(String name, boolean encryptByDefault) throws IOException, KeyringException {
        KeyState s = require(name);
        s.encrypt = encryptByDefault;
        save(s);
    }

    /** Every key, sorted by name. */
    public synchronized List<KeyInfo> list() throws KeyringException {
        refreshQuietly();
        List<KeyInfo> out = new ArrayList<>();
        for (KeyState s : keys.values()) {
            out.add(s.info());
        }
        return out;
    }

    /**
     * The latest version's public key of a named key, for encryption.
     *
     * @throws IllegalArgumentException if there is no key of that name
     */
    public synchronized RecipientKey current(String name) {
        refreshUnchecked();
        KeyState s = keys.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no key named '" + name + "' (see 'vipfs key list')");
        }
        return s.recipient();
    }

    /** The latest versions of every key marked as a default recipient (by default, every key). */
    public synchronized List<RecipientKey> defaultRecipients() {
        refreshUnchecked();
        List<RecipientKey> out = new ArrayList<>();
        for (KeyState s : keys.values()) {
            if (s.encrypt) {
                out.add(s.recipient());
            }
        }
        return out;
    }

    /** One line {@code vipfs-pub1:<name>:<key id>:<version>:<base64 public key>} for the latest version. */
    public synchronized String exportPublic(String name) throws KeyringException {
        KeyState s = require(name);
        return EXPORT_PREFIX + ":" + s.name + ":" + s.keyId + ":" + s.latest() + ":"
                + Base64.getEncoder().encodeToString(s.publics.get(s.latest()));
    }

    /**
     * Imports an exported public key: this node can then encrypt to it but not decrypt.
     *
     * @throws IllegalArgumentException if the text is malformed or conflicts with a different key of the same name
     */
    public synchronized void importPublic(String text) throws IOException, KeyringException {
        importPublic(text, null);
    }

    /**
     * Imports an exported public key under {@code newName} (null: its exported name), so that a
     * node holding a key of the same name (its own {@code default}, say) can take another node's
     * {@code default} as well. The key is a default recipient of new objects.
     *
     * @return the key as it now is in this keyring
     * @throws IllegalArgumentException if the line is not an export, or the name or key id clashes
     */
    public synchronized KeyInfo importPublic(String text, String newName) throws IOException, KeyringException {
        String[] f = text == null ? new String[0] : text.trim().split(":", -1);
        if (f.length != 5 || !f[0].equals(EXPORT_PREFIX)) {
            throw new IllegalArgumentException("not an exported vipfs public key; expected one line '" + EXPORT_PREFIX
                    + ":<name>:<key id>:<version>:<base64>' from 'vipfs key export-public'");
        }
        requireName(f[1]);
        String name = newName != null ? newName : f[1];
        requireName(name);
        if (!KeyId.isValid(f[2])) {
            throw new IllegalArgumentException("'" + f[2] + "' is not a key id (32 lowercase hex digits)");
        }
        int version;
        byte[] pub;
        try {
            version = Integer.parseInt(f[3]);
            pub = Base64.getDecoder().decode(f[4]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("exported public key has a bad version or base64 key: " + e.getMessage());
        }
        if (version < 1 || pub.length != 32) {
            throw new IllegalArgumentException("exported public key must have a version >= 1 and a 32-byte X25519 key");
        }
        if (version == 1 && !KeyId.of(pub).equals(f[2])) {
            throw new IllegalArgumentException("key id " + f[2] + " does not match the public key; the export was altered");
        }
        refresh();
        KeyState s = keys.get(name);
        KeyState sameId = byId(f[2]);
        if (sameId != null && !sameId.name.equals(name)) {
            throw new IllegalArgumentException("key " + f[2] + " is already in this keyring as '" + sameId.name + "'");
        }
        if (s == null) {
            s = new KeyState(name, f[2], 1, true);
            keys.put(name, s);
        } else if (!s.keyId.equals(f[2])) {
            throw new IllegalArgumentException("a different key named '" + name + "' (" + s.keyId
                    + ") already exists here; import under another name with --name");
        } else if (s.publics.containsKey(version) && !java.util.Arrays.equals(s.publics.get(version), pub)) {
            throw new IllegalArgumentException("key '" + name + "' version " + version + " already exists here with a different public key");
        }
        s.publics.put(version, pub);
        save(s);
        return s.info();
    }

    /**
     * Every version's private key of a named key, as one line
     * {@code vipfs-priv1:<name>:<key id>:<min decryption version>:<version>.<base64>,…} for
     * {@link #importPrivate} on another node. The line IS the key: whoever reads it can decrypt.
     *
     * @throws IllegalStateException if this node holds no private key of that name
     */
    public synchronized String exportPrivate(String name) throws KeyringException {
        KeyState s = require(name);
        if (s.privates.isEmpty()) {
            throw new IllegalStateException("key '" + name + "' is public-only here; export it from the node that holds its private key");
        }
        StringBuilder out = new StringBuilder(PRIVATE_PREFIX).append(':').append(s.name).append(':').append(s.keyId)
                .append(':').append(s.minDecryptionVersion).append(':');
        String sep = "";
        for (Map.Entry<Integer, byte[]> e : new TreeMap<>(s.privates).entrySet()) {
            out.append(sep).append(e.getKey()).append('.').append(Base64.getEncoder().encodeToString(e.getValue()));
            sep = ",";
        }
        return out.toString();
    }

    /**
     * Imports a key exported with {@link #exportPrivate} (every version it holds) under its exported
     * name, or {@code newName} if not null. Importing into a key with the same key id adds the versions
     * this keyring lacks, e.g. to turn a public-only (write-only) key into a full one.
     *
     * @throws IllegalArgumentException if the text is malformed, altered, or conflicts with a different key
     */
    public synchronized KeyInfo importPrivate(String text, String newName) throws IOException, KeyringException {
        String[] f = text == null ? new String[0] : text.trim().split(":", -1);
        if (f.length != 5 || !f[0].equals(PRIVATE_PREFIX)) {
            throw new IllegalArgumentException("not an exported vipfs private key; expected one line '" + PRIVATE_PREFIX
                    + ":<name>:<key id>:<min version>:<version>.<base64>,...' from 'vipfs key export-private'");
        }
        String name = newName != null ? newName : f[1];
        requireName(f[1]);
        requireName(name);
        String keyId = f[2];
        if (!KeyId.isValid(keyId)) {
            throw new IllegalArgumentException("'" + keyId + "' is not a key id (32 lowercase hex digits)");
        }
        int minVersion;
        TreeMap<Integer, byte[]> privates = new TreeMap<>();
        try {
            minVersion = Integer.parseInt(f[3]);
            for (String part : f[4].split(",", -1)) {
                int dot = part.indexOf('.');
                byte[] priv = Base64.getDecoder().decode(part.substring(dot + 1));
                if (dot < 1 || priv.length != 32 || privates.put(Integer.parseInt(part.substring(0, dot)), priv) != null) {
                    throw new IllegalArgumentException("entry '" + part.substring(0, Math.max(dot, 0)) + "' is damaged");
                }
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("exported private key is damaged: " + e.getMessage());
        }
        if (privates.firstKey() < 1 || minVersion < 1 || minVersion > privates.lastKey()) {
            throw new IllegalArgumentException("exported private key has impossible versions (min " + minVersion
                    + ", versions " + privates.keySet() + ")");
        }
        TreeMap<Integer, byte[]> publics = new TreeMap<>();
        privates.forEach((v, priv) -> publics.put(v, new X25519PrivateKeyParameters(priv, 0).generatePublicKey().getEncoded()));
        if (publics.containsKey(1) && !KeyId.of(publics.get(1)).equals(keyId)) {
            throw new IllegalArgumentException("key id " + keyId + " does not match the private key; the export was altered");
        }
        refresh();
        KeyState sameId = byId(keyId);
        if (sameId != null && !sameId.name.equals(name)) {
            throw new IllegalArgumentException("key " + keyId + " is already in this keyring as '" + sameId.name + "'");
        }
        KeyState s = keys.get(name);
        if (s != null && !s.keyId.equals(keyId)) {
            throw new IllegalArgumentException("a different key named '" + name + "' (" + s.keyId
                    + ") already exists here; import under another name with --name");
        }
        if (s != null) {
            for (Map.Entry<Integer, byte[]> e : publics.entrySet()) {
                byte[] have = s.publics.get(e.getKey());
                if (have != null && !java.util.Arrays.equals(have, e.getValue())) {
                    throw new IllegalArgumentException("key '" + name + "' version " + e.getKey()
                            + " already exists here with a different key");
                }
            }
        }
        KeyState target = s != null ? s : new KeyState(name, keyId, minVersion, true);
        for (Map.Entry<Integer, byte[]> e : privates.entrySet()) {
            if (!target.privates.containsKey(e.getKey())) {
                writePrivate(name, e.getKey(), e.getValue());
                target.privates.put(e.getKey(), e.getValue());
            }
            target.publics.put(e.getKey(), publics.get(e.getKey()));
        }
        target.minDecryptionVersion = Math.max(target.minDecryptionVersion, minVersion);
        keys.put(name, target);
        save(target);
        return target.info();
    }

    /** Whether this node holds any private key, i.e. can decrypt anything at all. */
    public synchronized boolean canDecrypt() {
        refreshUnchecked();
        return keys.values().stream().anyMatch(s -> !s.privates.isEmpty());
    }

    @Override
    public synchronized Optional<PrivateKeyMaterial> privateKey(String keyId, int version) throws CryptoException {
        refresh();
        KeyState s = byId(keyId);
        if (s == null || !s.privates.containsKey(version)) {
            return Optional.empty();
        }
        return Optional.of(new PrivateKeyMaterial(keyId, version, s.privates.get(version), s.publics.get(version)));
    }

    @Override
    public synchronized int minDecryptionVersion(String keyId) throws CryptoException {
        refresh();
        KeyState s = byId(keyId);
        return s == null ? 1 : s.minDecryptionVersion;
    }

    @Override
    public synchronized String describe(String keyId) {
        KeyState s = byId(keyId);
        return s == null ? keyId : s.name;
    }

    private KeyState byId(String keyId) {
        for (KeyState s : keys.values()) {
            if (s.keyId.equals(keyId)) {
                return s;
            }
        }
        return null;
    }

    private KeyState require(String name) throws KeyringException {
        refresh();
        KeyState s = keys.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no key named '" + name + "' (see 'vipfs key list')");
        }
        return s;
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("key name '" + name + "' is invalid: use 1-64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
    }

    private void refreshUnchecked() {
        try {
            refresh();
        } catch (KeyringException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void refreshQuietly() throws KeyringException {
        refresh();
    }

    // Another process (the CLI) may have changed the directory; atomic renames update its mtime. File
    // times are coarse (one clock tick), so two changes within a tick look like one: re-read anyway
    // once the last load is older than MAX_STALE_NANOS.
    private void refresh() throws KeyringException {
        try {
            FileTime now = Files.getLastModifiedTime(dir);
            if (!now.equals(loadedAt) || System.nanoTime() - loadedNanos > MAX_STALE_NANOS) {
                reload();
            }
        } catch (IOException | KeyringException e) {
            // Fail closed: keys that can no longer be re-read may have been retired (a raised minimum
            // version, a deleted key) since they were loaded, so nothing decrypts with them any more.
            // The next call tries to read the directory again.
            keys.clear();
            loadedAt = null;
            throw e instanceof KeyringException k
                    ? new KeyringException(k.getMessage() + "; decryption stops until the keyring can be read again", k)
                    : new KeyringException("cannot re-read keyring " + dir + ": " + e.getMessage()
                            + "; decryption stops until it can be read again", e);
        }
    }

    private void reload() throws KeyringException {
        Map<String, KeyState> fresh = new TreeMap<>();
        try {
            FileTime stamp = Files.getLastModifiedTime(dir);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                for (Path p : files) {
                    KeyState s = load(p);
                    fresh.put(s.name, s);
                }
            }
            keys.clear();
            keys.putAll(fresh);
            loadedAt = stamp;
            loadedNanos = System.nanoTime();
        } catch (IOException e) {
            throw new KeyringException("cannot read keyring " + dir + ": " + e.getMessage(), e);
        }
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
        if (!NAME.matcher(name).matches() || !KeyId.isValid(keyId) || !pubs.isObject() || pubs.size() == 0
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

    private byte[] readPrivate(Path p) throws IOException, KeyringException {
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

    private void writePrivate(String name, int version, byte[] key) throws IOException {
        PrivateKeyFiles.create(privatePath(name, version), key);
    }

    private void save(KeyState s) throws IOException, KeyringException {
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
        // Our own change is already in memory; remember the new directory stamp so we don't reload it.
        refresh();
    }

    /** Mutable in-memory state of one named key; guarded by the keyring's lock. */
    private static final class KeyState {
        final String name;
        final String keyId;
        int minDecryptionVersion;
        boolean encrypt;
        final TreeMap<Integer, byte[]> publics = new TreeMap<>();
        final Map<Integer, byte[]> privates = new TreeMap<>();

        KeyState(String name, String keyId, int minDecryptionVersion, boolean encrypt) {
            this.name = name;
            this.keyId = keyId;
            this.minDecryptionVersion = minDecryptionVersion;
            this.encrypt = encrypt;
        }

        int latest() {
            return publics.lastKey();
        }

        KeyInfo info() {
            return new KeyInfo(name, keyId, latest(), minDecryptionVersion, !privates.isEmpty());
        }

        RecipientKey recipient() {
            return new RecipientKey(keyId, name, latest(), publics.get(latest()));
        }
    }
}
