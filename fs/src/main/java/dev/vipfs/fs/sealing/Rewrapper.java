package dev.vipfs.fs.sealing;

import dev.vipfs.crypto.CryptoException;
import dev.vipfs.crypto.envelope.EnvelopeRewrapper;
import dev.vipfs.crypto.keys.KeyResolver;
import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.fs.content.DecryptionException;
import dev.vipfs.fs.content.EnvelopeLayout;
import dev.vipfs.fs.content.EnvelopeOpener;
import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.unixfs.FileChild;
import dev.vipfs.ipfs.unixfs.FileLink;
import dev.vipfs.ipfs.unixfs.ImportedNode;
import dev.vipfs.ipfs.unixfs.UnixfsImporter;
import dev.vipfs.ipfs.unixfs.UnixfsReader;
import java.io.IOException;
import java.util.List;

/** Re-issues an envelope's header for new recipients; the payload DAG is reused block for block. */
public final class Rewrapper {
    private final BlockSource blocks;
    private final UnixfsReader reader;
    private final UnixfsImporter importer;
    private final KeyResolver keys;

    public Rewrapper(BlockSource blocks, UnixfsImporter importer, KeyResolver keys) {
        this.blocks = blocks;
        this.reader = new UnixfsReader(blocks);
        this.importer = importer;
        this.keys = keys;
    }

    public ImportedNode rewrap(ObjectInfo info, List<RecipientKey> recipients) throws IOException {
        if (!info.encrypted()) {
            throw new IOException(info.cid() + " is not an encrypted object; nothing to rewrap");
        }
        byte[] header = EnvelopeOpener.readWhole(reader, info.envelope().header());
        byte[] fresh;
        try {
            fresh = EnvelopeRewrapper.rewrap(header, keys, recipients);
        } catch (CryptoException e) {
            throw new DecryptionException("object " + info.cid(), e);
        }
        FileLink payload = reader.stat(info.cid()).fileLinks().get(1);
        // The new root must carry the payload link's Tsize exactly as the old root did.
        PbLink old = DagPbCodec.decode(blocks.get(info.cid())).links().get(1);
        ImportedNode payloadNode = new ImportedNode(payload.cid(), old.tsizeOrZero(), payload.blocksize());
        ImportedNode root = importer.addFileNode(List.of(
                new FileChild(EnvelopeLayout.HEADER_LINK, importer.addLeaf(fresh)),
                new FileChild(EnvelopeLayout.PAYLOAD_LINK, payloadNode)));
        importer.sync();
        return root;
    }
}
