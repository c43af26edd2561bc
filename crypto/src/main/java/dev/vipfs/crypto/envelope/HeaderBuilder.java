package dev.vipfs.crypto.envelope;

import dev.vipfs.crypto.keys.KeyId;
import dev.vipfs.crypto.keys.RecipientKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Serialises a header for a file key, salt and recipients; shared by writing and rewrapping. */
final class HeaderBuilder {
    private HeaderBuilder() {
    }

    static byte[] build(byte[] fileKey, byte[] salt, List<RecipientKey> recipients, SecureRandom random) {
        List<RecipientKey> unique = distinct(recipients);
        int n = unique.size();
        byte[] h = new byte[HeaderLayout.length(n)];
        System.arraycopy(HeaderLayout.MAGIC, 0, h, 0, HeaderLayout.MAGIC.length);
        h[8] = (byte) HeaderLayout.FORMAT_VERSION;
        h[9] = (byte) HeaderLayout.SEGMENT_LOG2;
        HeaderLayout.putU16(h, 10, n);
        System.arraycopy(salt, 0, h, HeaderLayout.SALT_OFFSET, HeaderLayout.SALT);
        for (int i = 0; i < n; i++) {
            RecipientKey r = unique.get(i);
            int at = HeaderLayout.stanzaOffset(i);
            System.arraycopy(KeyId.toBytes(r.keyId()), 0, h, at, HeaderLayout.KEY_ID);
            HeaderLayout.putU32(h, at + HeaderLayout.KEY_ID, r.version());
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            byte[] sealed = StanzaCipher.seal(r.x25519PublicKey(), fileKey, stanzaAad(h, at), seed);
            System.arraycopy(sealed, 0, h, at + HeaderLayout.KEY_ID + HeaderLayout.KEY_VERSION, sealed.length);
        }
        int macAt = HeaderLayout.macOffset(n);
        System.arraycopy(new FileKeys(fileKey, salt).headerMac(h, macAt), 0, h, macAt, HeaderLayout.MAC);
        int sumAt = HeaderLayout.checksumOffset(n);
        System.arraycopy(FileKeys.checksum(h, sumAt), 0, h, sumAt, HeaderLayout.CHECKSUM);
        return h;
    }

    /** HPKE associated data of a stanza: the header's prefix and salt, then the stanza's key id and version. */
    static byte[] stanzaAad(byte[] header, int stanzaAt) {
        byte[] aad = new byte[HeaderLayout.STANZAS_OFFSET + HeaderLayout.KEY_ID + HeaderLayout.KEY_VERSION];
        System.arraycopy(header, 0, aad, 0, HeaderLayout.STANZAS_OFFSET);
        System.arraycopy(header, stanzaAt, aad, HeaderLayout.STANZAS_OFFSET, HeaderLayout.KEY_ID + HeaderLayout.KEY_VERSION);
        return aad;
    }

    private static List<RecipientKey> distinct(List<RecipientKey> recipients) {
        if (recipients == null || recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient key (run: vipfs key generate)");
        }
        List<RecipientKey> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (RecipientKey r : recipients) {
            if (r == null) {
                throw new IllegalArgumentException("recipient list contains null");
            }
            if (seen.add(r.keyId() + "/" + r.version())) {
                out.add(r);
            }
        }
        if (out.size() > HeaderLayout.MAX_STANZAS) {
            throw new IllegalArgumentException("an envelope holds at most " + HeaderLayout.MAX_STANZAS
                    + " recipients, got " + out.size());
        }
        return out;
    }
}
