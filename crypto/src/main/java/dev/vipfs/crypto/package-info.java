/**
 * The encryption layer (spec: docs/format.md): public-key envelopes whose payload is cut into
 * independently sealed segments, and the keyring that holds the keys. Knows nothing of IPFS, FUSE or
 * policy. This package holds the failures the rest of vipfs sees; the work is in {@code envelope}
 * (header and whole objects), {@code segment} (one segment's cipher and the offset arithmetic) and
 * {@code keys} (versioned X25519 keys on disk, Vault transit semantics).
 */
package dev.vipfs.crypto;
