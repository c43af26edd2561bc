package dev.vipfs.ipfs.unixfs;

/** A named child for {@link UnixfsImporter#addFileNode}. */
public record FileChild(String linkName, ImportedNode node) {
}
