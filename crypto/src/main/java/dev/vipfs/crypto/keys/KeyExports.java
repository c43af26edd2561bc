package dev.vipfs.crypto.keys;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * The one-line exports that move keys between nodes: {@code vipfs-pub1:…} lets a node encrypt to a
 * key, {@code vipfs-priv1:…} carries every private version (the line IS the key). Parsing checks all
 * that a line can show by itself: its shape, names, versions, key lengths, and that the key id is the
 * one of version 1's public key, so an altered export is refused; whether it clashes with keys
 * already held is the keyring's question.
 */
final class KeyExports {
    private static final String PUBLIC_PREFIX = "vipfs-pub1";
    private static final String PRIVATE_PREFIX = "vipfs-priv1";

    /** A parsed public export, to be imported under {@code name}. */
    record PublicExport(String name, String keyId, int version, byte[] publicKey) {
    }

    /** A parsed private export, to be imported under {@code name}; public keys derived from the private ones. */
    record PrivateExport(String name, String keyId, int minVersion, TreeMap<Integer, byte[]> privates,
            TreeMap<Integer, byte[]> publics) {
    }

    private KeyExports() {
    }

    /** {@code vipfs-pub1:<name>:<key id>:<version>:<base64 public key>} for the latest version. */
    static String publicLine(KeyState s) {
        return PUBLIC_PREFIX + ":" + s.name + ":" + s.keyId + ":" + s.latest() + ":"
                + Base64.getEncoder().encodeToString(s.publics.get(s.latest()));
    }

    /**
     * Parses a {@link #publicLine} to import under {@code newName} (null: its exported name).
     *
     * @throws IllegalArgumentException if the line is not an export, or was altered
     */
    static PublicExport parsePublic(String text, String newName) {
        String[] f = text == null ? new String[0] : text.trim().split(":", -1);
        if (f.length != 5 || !f[0].equals(PUBLIC_PREFIX)) {
            throw new IllegalArgumentException("not an exported vipfs public key; expected one line '" + PUBLIC_PREFIX
                    + ":<name>:<key id>:<version>:<base64>' from 'vipfs key export-public'");
        }
        KeyName.requireValid(f[1]);
        String name = newName != null ? newName : f[1];
        KeyName.requireValid(name);
        KeyId.requireValid(f[2]);
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
        return new PublicExport(name, f[2], version, pub);
    }

    /** {@code vipfs-priv1:<name>:<key id>:<min decryption version>:<version>.<base64>,…} of every private version held. */
    static String privateLine(KeyState s) {
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
     * Parses a {@link #privateLine} to import under {@code newName} (null: its exported name).
     *
     * @throws IllegalArgumentException if the line is not an export, is damaged or was altered
     */
    static PrivateExport parsePrivate(String text, String newName) {
        String[] f = text == null ? new String[0] : text.trim().split(":", -1);
        if (f.length != 5 || !f[0].equals(PRIVATE_PREFIX)) {
            throw new IllegalArgumentException("not an exported vipfs private key; expected one line '" + PRIVATE_PREFIX
                    + ":<name>:<key id>:<min version>:<version>.<base64>,...' from 'vipfs key export-private'");
        }
        String name = newName != null ? newName : f[1];
        KeyName.requireValid(f[1]);
        KeyName.requireValid(name);
        String keyId = f[2];
        KeyId.requireValid(keyId);
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
        return new PrivateExport(name, keyId, minVersion, privates, publics);
    }
}
