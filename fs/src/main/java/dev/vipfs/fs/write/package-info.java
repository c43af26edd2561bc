/**
 * The writable tree behind {@code MOUNT/data}: files are spooled in plaintext while open
 * ({@link dev.vipfs.fs.write.Spool}, in a 0700 {@link dev.vipfs.fs.write.SpoolDirectory}), imported
 * encrypted as they are written front to back ({@link dev.vipfs.fs.write.StreamingImport}) or at
 * commit, and the tree is kept as UnixFS directories over the current CIDs
 * ({@link dev.vipfs.fs.write.DirectoryCids}), so a whole written tree is shared by one root CID.
 * {@link dev.vipfs.fs.write.WritableNamespace} is the one entry point, a facade over the tree
 * ({@code NamespaceTree}), the open spools ({@code OpenSpools}), the streaming imports
 * ({@code StreamingImports}) and the commit ({@code Committer}); names and history persist through
 * {@code catalog.NamespaceCatalog}.
 */
package dev.vipfs.fs.write;
