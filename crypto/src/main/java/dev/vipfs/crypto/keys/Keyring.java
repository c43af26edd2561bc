package dev.vipfs.crypto.keys;

import dev.vipfs.crypto.CryptoException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * Named, versioned X25519 keys stored as files under one directory, with Vault transit semantics:
 * rotation adds a version, new objects use the latest, and versions below the minimum decryption
 * version stop decrypting.
 *
 * <p>Layout: {@code <name>.json} holds the key id, public keys per version, minimum decryption version
 * and whether the key is a default recipient; {@code <name>.v<N>.key} holds version N's 32-byte private
 * key, created with mode 0600 ({@link KeyringFiles} reads and writes them; {@link KeyExports} is the
 * line format that moves keys between nodes). Thread-safe; changes made by other processes (e.g. the
 * CLI raising a minimum version under a running mount) are picked up on the next lookup.
 */
public final class Keyring implements KeyResolver {
    private final KeyringFiles files;
    private final LoadedKeys loaded;
    private final SecureRandom random;

    private Keyring(KeyringFiles files, SecureRandom random) {
        this.files = files;
        this.loaded = new LoadedKeys(files);
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
        Keyring k = new Keyring(KeyringFiles.open(keysDir), random);
        synchronized (k) {
            k.loaded.reload();
        }
        return k;
    }

    /** Generates a new key pair as version 1 of a new named key. */
    public synchronized KeyInfo generate(String name) throws IOException, KeyringException {
        KeyName.requireValid(name);
        loaded.refresh();
        if (loaded.get(name) != null) {
            throw new IllegalArgumentException("a key named '" + name + "' already exists; use 'vipfs key rotate " + name
                    + "' for a new version");
        }
        X25519PrivateKeyParameters priv = new X25519PrivateKeyParameters(random);
        byte[] pub = priv.generatePublicKey().getEncoded();
        KeyState s = new KeyState(name, KeyId.of(pub), 1, true);
        s.publics.put(1, pub);
        files.writePrivate(name, 1, priv.getEncoded());
        s.privates.put(1, priv.getEncoded());
        save(s);
        loaded.put(s);
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
        files.writePrivate(name, version, priv.getEncoded());
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
        loaded.refresh();
        List<KeyInfo> out = new ArrayList<>();
        for (KeyState s : loaded.all()) {
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
        KeyState s = loaded.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no key named '" + name + "' (see 'vipfs key list')");
        }
        return s.recipient();
    }

    /** The latest versions of every key marked as a default recipient (by default, every key). */
    public synchronized List<RecipientKey> defaultRecipients() {
        refreshUnchecked();
        List<RecipientKey> out = new ArrayList<>();
        for (KeyState s : loaded.all()) {
            if (s.encrypt) {
                out.add(s.recipient());
            }
        }
        return out;
    }

    /** One line {@code vipfs-pub1:<name>:<key id>:<version>:<base64 public key>} for the latest version. */
    public synchronized String exportPublic(String name) throws KeyringException {
        return KeyExports.publicLine(require(name));
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
        KeyExports.PublicExport export = KeyExports.parsePublic(text, newName);
        String name = export.name();
        int version = export.version();
        byte[] pub = export.publicKey();
        loaded.refresh();
        KeyState s = existing(name, export.keyId());
        if (s == null) {
            s = new KeyState(name, export.keyId(), 1, true);
            loaded.put(s);
        } else if (s.publics.containsKey(version) && !Arrays.equals(s.publics.get(version), pub)) {
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
        return KeyExports.privateLine(s);
    }

    /**
     * Imports a key exported with {@link #exportPrivate} (every version it holds) under its exported
     * name, or {@code newName} if not null. Importing into a key with the same key id adds the versions
     * this keyring lacks, e.g. to turn a public-only (write-only) key into a full one.
     *
     * @throws IllegalArgumentException if the text is malformed, altered, or conflicts with a different key
     */
    public synchronized KeyInfo importPrivate(String text, String newName) throws IOException, KeyringException {
        KeyExports.PrivateExport export = KeyExports.parsePrivate(text, newName);
        String name = export.name();
        TreeMap<Integer, byte[]> publics = export.publics();
        loaded.refresh();
        KeyState s = existing(name, export.keyId());
        if (s != null) {
            for (Map.Entry<Integer, byte[]> e : publics.entrySet()) {
                byte[] have = s.publics.get(e.getKey());
                if (have != null && !Arrays.equals(have, e.getValue())) {
                    throw new IllegalArgumentException("key '" + name + "' version " + e.getKey()
                            + " already exists here with a different key");
                }
            }
        }
        KeyState target = s != null ? s : new KeyState(name, export.keyId(), export.minVersion(), true);
        for (Map.Entry<Integer, byte[]> e : export.privates().entrySet()) {
            if (!target.privates.containsKey(e.getKey())) {
                files.writePrivate(name, e.getKey(), e.getValue());
                target.privates.put(e.getKey(), e.getValue());
            }
            target.publics.put(e.getKey(), publics.get(e.getKey()));
        }
        target.minDecryptionVersion = Math.max(target.minDecryptionVersion, export.minVersion());
        loaded.put(target);
        save(target);
        return target.info();
    }

    /** Whether this node holds any private key, i.e. can decrypt anything at all. */
    public synchronized boolean canDecrypt() {
        refreshUnchecked();
        return loaded.all().stream().anyMatch(s -> !s.privates.isEmpty());
    }

    @Override
    public synchronized Optional<PrivateKeyMaterial> privateKey(String keyId, int version) throws CryptoException {
        loaded.refresh();
        KeyState s = loaded.byId(keyId);
        if (s == null || !s.privates.containsKey(version)) {
            return Optional.empty();
        }
        return Optional.of(new PrivateKeyMaterial(keyId, version, s.privates.get(version), s.publics.get(version)));
    }

    @Override
    public synchronized int minDecryptionVersion(String keyId) throws CryptoException {
        loaded.refresh();
        KeyState s = loaded.byId(keyId);
        return s == null ? 1 : s.minDecryptionVersion;
    }

    @Override
    public synchronized String describe(String keyId) {
        KeyState s = loaded.byId(keyId);
        return s == null ? keyId : s.name;
    }

    private KeyState require(String name) throws KeyringException {
        loaded.refresh();
        KeyState s = loaded.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no key named '" + name + "' (see 'vipfs key list')");
        }
        return s;
    }

    /**
     * The key named {@code name} that an import of key {@code keyId} adds to (null: none yet).
     *
     * @throws IllegalArgumentException if the key id is here under another name, or the name is another key's
     */
    private KeyState existing(String name, String keyId) {
        KeyState sameId = loaded.byId(keyId);
        if (sameId != null && !sameId.name.equals(name)) {
            throw new IllegalArgumentException("key " + keyId + " is already in this keyring as '" + sameId.name + "'");
        }
        KeyState s = loaded.get(name);
        if (s != null && !s.keyId.equals(keyId)) {
            throw new IllegalArgumentException("a different key named '" + name + "' (" + s.keyId
                    + ") already exists here; import under another name with --name");
        }
        return s;
    }

    private void refreshUnchecked() {
        try {
            loaded.refresh();
        } catch (KeyringException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void save(KeyState s) throws IOException, KeyringException {
        files.save(s);
        // Our own change is already in memory; remember the new directory stamp so we don't reload it.
        loaded.refresh();
    }
}
