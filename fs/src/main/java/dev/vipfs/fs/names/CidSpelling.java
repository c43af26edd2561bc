package dev.vipfs.fs.names;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.CidFormatException;
import dev.vipfs.policy.RootCanonicalizer;
import java.util.Optional;

/**
 * The one spelling of a CID that policies and the audit trail see: CIDv1 in lower-case base32
 * ({@code bafy…}), whatever the caller typed. A CIDv0 {@code Qm…} names the same DAG as its CIDv1,
 * so both are accepted at the mount and decided as the CIDv1; every other spelling (upper-case
 * base32, base58 {@code z…}, base36 {@code k…}, base16 {@code f…}, padding or control characters)
 * is not a name in the mount at all, so an exact rule cannot be sidestepped by re-encoding.
 */
public final class CidSpelling implements RootCanonicalizer {
    /** The instance handed to the policy engine, so rules written with any spelling match the canonical one. */
    public static final CidSpelling RULES = new CidSpelling();
    // Every request parses its path's first segment: base58btc decoding and the re-encoding that
    // checks the spelling are quadratic, and a web server asks for the same few roots all the time.
    // The answer depends on the text alone (no caller, no policy), so remembering it decides nothing.
    private static final Cache<String, Optional<Cid>> SEGMENTS = Caffeine.newBuilder().maximumSize(4096).build();

    private CidSpelling() { }

    /** The canonical text of a CID. */
    public static String canonical(Cid cid) {
        return cid.toV1().toString();
    }

    /**
     * Parses a path segment that must be a CID as Kubo prints it ({@code Qm…} for CIDv0, lower-case
     * base32 for CIDv1); empty for anything else.
     */
    public static Optional<Cid> parseMountSegment(String segment) {
        return SEGMENTS.get(segment, CidSpelling::parseUncached);
    }

    private static Optional<Cid> parseUncached(String segment) {
        Cid cid;
        try {
            cid = Cid.parse(segment);
        } catch (CidFormatException e) {
            return Optional.empty();
        }
        return cid.toString().equals(segment) ? Optional.of(cid) : Optional.empty();
    }

    /** Any spelling a rule may use (trimmed, any multibase) becomes the canonical one; other segments stay. */
    @Override
    public String canonical(String segment) {
        try {
            return canonical(Cid.parse(segment));
        } catch (CidFormatException e) {
            return segment;
        }
    }
}
