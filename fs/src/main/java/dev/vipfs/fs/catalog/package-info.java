/**
 * What this node added and wrote, kept crash-safe under {@code $VIPFS_HOME/catalog} (docs/catalog.md):
 * {@link dev.vipfs.fs.catalog.Catalog}, the journal of added objects, and
 * {@link dev.vipfs.fs.catalog.NamespaceCatalog}, the names of {@code MOUNT/data} with their version
 * history (a journal of fsynced operations plus a periodic atomic snapshot).
 */
package dev.vipfs.fs.catalog;
