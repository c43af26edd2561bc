package dev.vipfs.fs.content;

/** The convention that marks a UnixFS file as a vipfs envelope (see docs/architecture.md). */
public final class EnvelopeLayout {
    /** Name of the root's first link, pointing at the header leaf. */
    public static final String HEADER_LINK = "vipfs-envelope-v1";
    /** Name of the second link, the payload; it sorts after HEADER_LINK, as dag-pb orders links by name. */
    public static final String PAYLOAD_LINK = "vipfs-payload";

    private EnvelopeLayout() { }
}
