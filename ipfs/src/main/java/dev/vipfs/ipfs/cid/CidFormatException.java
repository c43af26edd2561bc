package dev.vipfs.ipfs.cid;

/** Thrown when text or bytes are not a valid CID or multihash. */
public final class CidFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Message reads "not a valid CID: '<input>': <reason>". */
    public CidFormatException(String input, String reason) {
        super("not a valid CID: '" + input + "': " + reason);
    }
}
