package dev.vipfs.fs.sealing;

import dev.vipfs.crypto.envelope.EnvelopeWriter;
import dev.vipfs.crypto.envelope.SealedSlot;
import dev.vipfs.crypto.envelope.SegmentingEncryptor;
import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.fs.content.EnvelopeLayout;
import dev.vipfs.ipfs.unixfs.FileChild;
import dev.vipfs.ipfs.unixfs.ImportedNode;
import dev.vipfs.ipfs.unixfs.LeafBlock;
import dev.vipfs.ipfs.unixfs.UnixfsImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;

/** Encrypts a stream into the envelope layout: header leaf + one leaf per ciphertext segment. */
public final class EncryptedImporter {
    private final UnixfsImporter importer;

    public EncryptedImporter(UnixfsImporter importer) {
        this.importer = importer;
    }

    public ImportedNode importStream(InputStream plain, List<RecipientKey> recipients) throws IOException {
        return importSealed(plain, recipients).file();
    }

    /** Like {@link #importStream}, keeping what is needed to read the result back without a private key. */
    public EncryptedImport importSealed(InputStream plain, List<RecipientKey> recipients) throws IOException {
        if (recipients.isEmpty()) {
            throw new IOException("no recipients configured: generate a key first (vipfs key generate)");
        }
        EnvelopeWriter writer = EnvelopeWriter.create(recipients);
        ImportedNode header = importer.addLeaf(writer.header());
        ImportedNode payload;
        try {
            payload = importer.addLeafBlocks(sealedLeaves(new SegmentingEncryptor(writer, plain)));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        ImportedNode file = importer.addFileNode(List.of(
                new FileChild(EnvelopeLayout.HEADER_LINK, header),
                new FileChild(EnvelopeLayout.PAYLOAD_LINK, payload)));
        return new EncryptedImport(file, payload, writer);
    }

    /** Each segment sealed straight into the leaf block that stores it: no copy per layer of framing. */
    private Iterator<LeafBlock> sealedLeaves(SegmentingEncryptor segments) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return segments.hasNext();
            }

            @Override
            public LeafBlock next() {
                return segments.nextInto(length -> new LeafSlot(importer.newLeaf(length))).leaf();
            }
        };
    }

    private record LeafSlot(LeafBlock leaf) implements SealedSlot {
        @Override
        public byte[] array() {
            return leaf.array();
        }

        @Override
        public int offset() {
            return leaf.contentOffset();
        }
    }
}
