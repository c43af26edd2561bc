/**
 * Modes and times of a directory's entries carried inside the DAG, sealed: the plaintext model
 * ({@link dev.vipfs.fs.attrs.DirectoryAttributes}, deterministic JSON, docs/format.md "Attributes
 * objects") and the rule that keeps its link name out of every namespace
 * ({@link dev.vipfs.fs.attrs.AttributeObjectNames}). Written by {@code fs.write}'s commit, read
 * by {@code fs.fuse} for stat by CID; plaintext UnixFS mode/mtime were rejected because they leak
 * edit times (docs/security.md).
 */
package dev.vipfs.fs.attrs;
