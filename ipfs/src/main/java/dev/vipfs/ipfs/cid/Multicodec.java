package dev.vipfs.ipfs.cid;

/** Multicodec table entries this project uses. */
public final class Multicodec {
    public static final long IDENTITY = 0x00;
    public static final long SHA2_256 = 0x12;
    public static final long RAW = 0x55;
    public static final long DAG_PB = 0x70;
    public static final long DAG_CBOR = 0x71;
    public static final long LIBP2P_KEY = 0x72;
    public static final long DAG_JSON = 0x0129;

    private Multicodec() {
    }

    /** Human name of a codec, as Kubo prints it, or hex for unknown ones. */
    public static String name(long code) {
        if (code == IDENTITY) {
            return "identity";
        } else if (code == SHA2_256) {
            return "sha2-256";
        } else if (code == RAW) {
            return "raw";
        } else if (code == DAG_PB) {
            return "dag-pb";
        } else if (code == DAG_CBOR) {
            return "dag-cbor";
        } else if (code == LIBP2P_KEY) {
            return "libp2p-key";
        } else if (code == DAG_JSON) {
            return "dag-json";
        }
        return "0x" + Long.toHexString(code);
    }
}
