/**
 * Named, versioned X25519 keys with Vault transit semantics (rotate, minimum decryption version),
 * stored as files under {@code $VIPFS_HOME/keys}: {@link dev.vipfs.crypto.keys.Keyring} manages them
 * (over {@code KeyringFiles}, the directory's files, and {@code LoadedKeys}, their copy in memory kept
 * fresh against other processes; {@code KeyExports} is the line format that moves keys between nodes),
 * {@link dev.vipfs.crypto.keys.PrivateKeyFiles} keeps private key files private (docs/security.md),
 * {@link dev.vipfs.crypto.keys.KeyResolver} is what decryption asks for a stanza's private key.
 */
package dev.vipfs.crypto.keys;
