package dev.vipfs.crypto;

import java.util.List;

/** The object is not encrypted to any key this node holds a private key for. */
public class NoPrivateKeyException extends CryptoException {
    private final List<String> keyNames;

    public NoPrivateKeyException(String message) {
        this(message, List.of());
    }

    /** With the names (or ids, for keys this node does not know) of the keys that could decrypt it. */
    public NoPrivateKeyException(String message, List<String> keyNames) {
        super(message);
        this.keyNames = List.copyOf(keyNames);
    }

    /** The keys whose private half would decrypt the object, so a message can say which to import. */
    public List<String> keyNames() {
        return keyNames;
    }
}
