package dev.vipfs.crypto.envelope;

import dev.vipfs.crypto.CryptoException;
import dev.vipfs.crypto.EnvelopeIntegrityException;
import dev.vipfs.crypto.KeyVersionRetiredException;
import dev.vipfs.crypto.NoPrivateKeyException;
import dev.vipfs.crypto.keys.KeyId;
import dev.vipfs.crypto.keys.KeyResolver;
import dev.vipfs.crypto.keys.PrivateKeyMaterial;
import dev.vipfs.crypto.segment.SegmentCipher;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Decrypts one object after its header has been authenticated. Thread-safe after open. */
public final class EnvelopeReader {
    /** Bytes needed to learn the header length with {@link #headerLength(byte[])}. */
    public static final int HEADER_PREFIX_LENGTH = HeaderLayout.PREFIX;

    private final byte[] header;
    private final byte[] fileKey;
    private final byte[] salt;
    private final SegmentCipher segments;
    private final KeyRef usedKey;
    private final List<KeyRef> recipients;

    private EnvelopeReader(byte[] header, byte[] fileKey, byte[] salt, KeyRef usedKey, List<KeyRef> recipients) {
        this.header = header;
        this.fileKey = fileKey;
        this.salt = salt;
        this.segments = new SegmentCipher(new FileKeys(fileKey, salt).payloadKey);
        this.usedKey = usedKey;
        this.recipients = List.copyOf(recipients);
    }

    /**
     * Length of the whole header given at least its first {@link #HEADER_PREFIX_LENGTH} bytes.
     *
     * @throws EnvelopeIntegrityException if the bytes do not start a vipfs v1 envelope header
     */
    public static int headerLength(byte[] firstBytes) throws EnvelopeIntegrityException {
        if (firstBytes.length < HeaderLayout.PREFIX) {
            throw new EnvelopeIntegrityException("envelope header is truncated: " + firstBytes.length
                    + " bytes, need at least " + HeaderLayout.PREFIX);
        }
        if (!Arrays.equals(firstBytes, 0, HeaderLayout.MAGIC.length, HeaderLayout.MAGIC, 0, HeaderLayout.MAGIC.length)) {
            throw new EnvelopeIntegrityException("not a vipfs envelope header (bad magic); the object is damaged or not encrypted by vipfs");
        }
        int n = HeaderLayout.u16(firstBytes, 10);
        if (n < 1 || n > HeaderLayout.MAX_STANZAS) {
            throw new EnvelopeIntegrityException("envelope header claims " + n + " recipients (allowed 1.."
                    + HeaderLayout.MAX_STANZAS + "); the object is damaged or was tampered with");
        }
        return HeaderLayout.length(n);
    }

    /**
     * Authenticates a header and recovers its file key with the first usable private key.
     *
     * @throws NoPrivateKeyException if none of the recipients' private keys is available
     * @throws KeyVersionRetiredException if the only available keys are below their minimum decryption version
     * @throws EnvelopeIntegrityException if the header was altered in any way
     */
    public static EnvelopeReader open(byte[] header, KeyResolver keys) throws CryptoException {
        return open(header, keys, false);
    }

    // Rewrapping may use retired versions: raising the minimum must not strand objects that still need a rewrap.
    static EnvelopeReader open(byte[] header, KeyResolver keys, boolean allowRetired) throws CryptoException {
        byte[] h = header.clone();
        int length = headerLength(h);
        if (h.length != length) {
            throw new EnvelopeIntegrityException("envelope header is " + h.length + " bytes but its recipient count implies "
                    + length + "; the object is damaged or was tampered with");
        }
        int n = HeaderLayout.u16(h, 10);
        int sumAt = HeaderLayout.checksumOffset(n);
        // The unkeyed checksum only tells accidental damage (even in key ids) apart from "not a recipient";
        // authenticity comes from the HMAC checked below.
        if (!MessageDigest.isEqual(FileKeys.checksum(h, sumAt), Arrays.copyOfRange(h, sumAt, sumAt + HeaderLayout.CHECKSUM))) {
            throw integrity();
        }
        if ((h[8] & 0xff) != HeaderLayout.FORMAT_VERSION || (h[9] & 0xff) != HeaderLayout.SEGMENT_LOG2) {
            throw new CryptoException("envelope format version " + (h[8] & 0xff) + " with segment size 2^" + (h[9] & 0xff)
                    + " is not supported by this vipfs (it reads version 1, 2^16); upgrade vipfs");
        }
        byte[] salt = Arrays.copyOfRange(h, HeaderLayout.SALT_OFFSET, HeaderLayout.SALT_OFFSET + HeaderLayout.SALT);
        List<KeyRef> refs = new ArrayList<>(n);
        List<KeyRef> retired = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = HeaderLayout.stanzaOffset(i);
            String keyId = KeyId.fromBytes(Arrays.copyOfRange(h, at, at + HeaderLayout.KEY_ID));
            int version = HeaderLayout.u32(h, at + HeaderLayout.KEY_ID);
            refs.add(new KeyRef(keyId, keys.describe(keyId), version));
        }
        for (int i = 0; i < n; i++) {
            KeyRef ref = refs.get(i);
            if (ref.version() < 1) {
                throw integrity();
            }
            Optional<PrivateKeyMaterial> key = keys.privateKey(ref.keyId(), ref.version());
            if (key.isEmpty()) {
                continue;
            }
            if (!allowRetired && ref.version() < keys.minDecryptionVersion(ref.keyId())) {
                retired.add(ref);
                continue;
            }
            int at = HeaderLayout.stanzaOffset(i);
            int encAt = at + HeaderLayout.KEY_ID + HeaderLayout.KEY_VERSION;
            byte[] enc = Arrays.copyOfRange(h, encAt, encAt + HeaderLayout.ENC);
            byte[] sealed = Arrays.copyOfRange(h, encAt + HeaderLayout.ENC, encAt + HeaderLayout.ENC + HeaderLayout.SEALED_FILE_KEY);
            byte[] fileKey = StanzaCipher.open(key.get().x25519PrivateKey(), key.get().x25519PublicKey(), enc, sealed,
                    HeaderBuilder.stanzaAad(h, at));
            if (fileKey == null || fileKey.length != HeaderLayout.FILE_KEY
                    || !new FileKeys(fileKey, salt).verifyHeaderMac(h, HeaderLayout.macOffset(n))) {
                throw integrity();
            }
            return new EnvelopeReader(h, fileKey, salt, ref, refs);
        }
        if (!retired.isEmpty()) {
            KeyRef r = retired.get(0);
            int min = keys.minDecryptionVersion(r.keyId());
            throw new KeyVersionRetiredException("this object is encrypted to key '" + r.keyName() + "' version " + r.version()
                    + ", below that key's minimum decryption version " + min
                    + "; rewrap it to a current key version (vipfs rewrap) or lower the minimum (vipfs key min-version)");
        }
        throw new NoPrivateKeyException("no private key for this object: recipients are "
                + refs.stream().map(r -> r.keyName().equals(r.keyId()) ? r.keyId() + " v" + r.version()
                        : r.keyName() + " (" + r.keyId() + ") v" + r.version()).collect(Collectors.joining(", ")),
                refs.stream().map(KeyRef::keyName).distinct().toList());
    }

    private static EnvelopeIntegrityException integrity() {
        return new EnvelopeIntegrityException(
                "envelope header failed its integrity check; the object is damaged or was tampered with");
    }

    /**
     * Decrypts and authenticates one segment; nothing is returned unless its tag verifies.
     *
     * @param last whether this is the object's last segment (known from the payload length)
     */
    public byte[] openSegment(long index, byte[] cipher, int off, int len, boolean last) throws EnvelopeIntegrityException {
        return segments.open(index, last, cipher, off, len);
    }

    /** Like {@link #openSegment(long, byte[], int, int, boolean)}, into out at outOff; returns the plaintext length. */
    public int openSegment(long index, byte[] cipher, int off, int len, boolean last, byte[] out, int outOff)
            throws EnvelopeIntegrityException {
        return segments.openInto(index, last, cipher, off, len, out, outOff);
    }

    /** The key version whose private key opened the header. */
    public KeyRef usedKey() {
        return usedKey;
    }

    /** Every key version the object is encrypted to, in header order. */
    public List<KeyRef> recipients() {
        return recipients;
    }

    /** Length of this object's header. */
    public int headerLength() {
        return header.length;
    }

    /** The authenticated header bytes (a copy). */
    public byte[] header() {
        return header.clone();
    }

    byte[] fileKey() {
        return fileKey.clone();
    }

    byte[] salt() {
        return salt.clone();
    }
}
