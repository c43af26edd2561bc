package dev.vipfs.ipfs.unixfs.importer;

/** A named child for {@link UnixfsImporter#addFileNode}. */
public record FileChild(String linkName, ImportedNode node) {
}
