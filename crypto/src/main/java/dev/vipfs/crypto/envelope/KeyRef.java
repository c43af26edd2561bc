package dev.vipfs.crypto.envelope;

/** A key version named by an envelope stanza; keyName is the local name, or the key id if unknown here. */
public record KeyRef(String keyId, String keyName, int version) {
}
