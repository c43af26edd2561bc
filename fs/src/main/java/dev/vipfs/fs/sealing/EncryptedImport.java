package dev.vipfs.fs.sealing;

import dev.vipfs.crypto.envelope.EnvelopeWriter;
import dev.vipfs.ipfs.unixfs.ImportedNode;

/** What an encrypted import made: the file node, its payload of sealed segments, and the writer that sealed them. */
public record EncryptedImport(ImportedNode file, ImportedNode payload, EnvelopeWriter writer) { }
