package dev.vipfs.ipfs.unixfs.importer;

/**
 * A file leaf's block laid out before its content exists, so a producer (a cipher) writes the content
 * straight into the block instead of into an array that is then copied into the UnixFS Data and the
 * dag-pb node. Made by {@link UnixfsImporter#newLeaf}, stored by {@link UnixfsImporter#addLeaf(LeafBlock)}.
 */
public final class LeafBlock {
    private final byte[] block;
    private final int contentOffset;
    private final int contentLength;
    private final boolean raw;

    LeafBlock(byte[] block, int contentOffset, int contentLength, boolean raw) {
        this.block = block;
        this.contentOffset = contentOffset;
        this.contentLength = contentLength;
        this.raw = raw;
    }

    /** The whole block; the content goes at {@link #contentOffset()}. */
    public byte[] array() {
        return block;
    }

    /** Where the content starts in {@link #array()}. */
    public int contentOffset() {
        return contentOffset;
    }

    /** The content's length in bytes. */
    public int contentLength() {
        return contentLength;
    }

    boolean raw() {
        return raw;
    }
}
