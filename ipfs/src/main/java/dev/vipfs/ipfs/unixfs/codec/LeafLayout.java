package dev.vipfs.ipfs.unixfs.codec;

import dev.vipfs.ipfs.dagpb.ProtoWriter;

/**
 * The bytes of a dag-pb UnixFS File leaf without metadata (no links; Data = {Type FILE, Data,
 * filesize}), field for field what {@link UnixfsData#encode} and the dag-pb encoder write, with room
 * left for the content: the importer fills it from a cipher, a remote source from a file response.
 * Kubo and vipfs lay out such leaves alike, so a leaf rebuilt here hashes to its CID exactly when
 * the content is right.
 *
 * @param block the whole block, the content still zero
 * @param contentOffset where the content goes in {@code block}
 */
public record LeafLayout(byte[] block, int contentOffset) {
    /** The layout of a leaf holding {@code contentLength} bytes. */
    public static LeafLayout dagPb(int contentLength) {
        int unixfs = (int) unixfsSize(contentLength);
        ProtoWriter w = new ProtoWriter(1 + ProtoWriter.varintSize(unixfs) + unixfs)
                .lengthPrefix(1, unixfs)
                .varintField(1, UnixfsData.FILE);
        int at = 0;
        if (contentLength > 0) {
            at = w.lengthPrefix(2, contentLength).reserve(contentLength);
        }
        w.varintField(3, contentLength);
        return new LeafLayout(w.toByteArray(), at);
    }

    /** The size of {@link #dagPb}'s block for {@code contentLength} bytes, without building it. */
    public static long dagPbSize(long contentLength) {
        long unixfs = unixfsSize(contentLength);
        return 1 + ProtoWriter.varintSize(unixfs) + unixfs;
    }

    private static long unixfsSize(long contentLength) {
        long data = contentLength == 0 ? 0 : 1 + ProtoWriter.varintSize(contentLength) + contentLength;
        return 1 + ProtoWriter.varintSize(UnixfsData.FILE) + data + 1 + ProtoWriter.varintSize(contentLength);
    }
}
