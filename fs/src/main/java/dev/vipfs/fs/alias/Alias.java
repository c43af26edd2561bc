package dev.vipfs.fs.alias;

import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.ipfs.cid.Cid;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One local name for a tree: {@code MOUNT/by-name/<name>} shows either a fixed CID or whatever an
 * IPNS name currently resolves to.
 *
 * @param name   the directory name under {@code by-name/}
 * @param target a CID in its canonical spelling, or {@code /ipns/<name>}
 */
public record Alias(String name, String target) {
    /** A single path segment a policy can name literally: no globs, separators or dot entries. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");
    private static final String IPNS = "/ipns/";

    /** Thrown for an alias name or target that cannot be used. */
    public static final class InvalidAliasException extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidAliasException(String message) {
            super(message);
        }
    }

    /** Checks the name and puts the target into the one spelling the store keeps. */
    public static Alias of(String name, String target) throws InvalidAliasException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidAliasException("alias name '" + name + "' is not usable: 1-64 of A-Z a-z 0-9 . _ -,"
                    + " not starting with '.' or '-'");
        }
        return new Alias(name, normalTarget(target));
    }

    private static String normalTarget(String target) throws InvalidAliasException {
        String t = target == null ? "" : target.trim();
        if (t.startsWith("/ipfs/")) {
            t = t.substring("/ipfs/".length());
        }
        if (t.startsWith(IPNS) || t.startsWith("ipns/")) {
            String n = t.substring(t.indexOf("ipns/") + "ipns/".length());
            if (!IpnsNames.plausible(n)) {
                throw new InvalidAliasException("'" + n + "' is not an IPNS name (k51… key or DNS domain)");
            }
            return IPNS + n;
        }
        Optional<Cid> cid = CidSpelling.parseMountSegment(t);
        if (cid.isPresent()) {
            return CidSpelling.canonical(cid.get());
        }
        if (IpnsNames.isKey(t)) {
            return IPNS + t;
        }
        throw new InvalidAliasException("'" + target + "' is neither a CID (Qm… or bafy…) nor an IPNS name"
                + " (/ipns/k51… or /ipns/example.org)");
    }

    /** The CID this alias fixes, if it is not an IPNS name. */
    public Optional<Cid> cid() {
        return target.startsWith(IPNS) ? Optional.empty() : CidSpelling.parseMountSegment(target);
    }

    /** The IPNS name this alias follows, if it follows one. */
    public Optional<String> ipnsName() {
        return target.startsWith(IPNS) ? Optional.of(target.substring(IPNS.length())) : Optional.empty();
    }
}
