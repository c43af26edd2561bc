package dev.vipfs.fs.path;

import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.ipfs.cid.Cid;
import java.util.Arrays;
import java.util.List;

/**
 * A path inside the mount split into its root CID and the link names below it.
 *
 * @param raw      the path as FUSE passed it, for messages
 * @param rootName the root's canonical spelling ({@link CidSpelling}), whatever spelling the caller used
 * @param shownAs  the name the caller reached the root by when it is an alias ({@code by-name/site},
 *                 {@code ipns/k51…}), null when the caller named the CID itself
 */
public record MountPath(String raw, String rootName, Cid root, List<String> links, String shownAs) {

    public MountPath(String raw, String rootName, Cid root, List<String> links) {
        this(raw, rootName, root, links, null);
    }

    /** A path that reached {@code root} through the alias {@code shownAs}. */
    public static MountPath aliased(String raw, String shownAs, Cid root, List<String> links) {
        return new MountPath(raw, CidSpelling.canonical(root), root, List.copyOf(links), shownAs);
    }

    /** The mount root itself. */
    public static final MountPath ROOT = new MountPath("/", null, null, List.of());

    /** Thrown when the first component is not a CID the mount can serve. */
    public static final class NotACidException extends Exception {
        private static final long serialVersionUID = 1L;

        public NotACidException(String message) {
            super(message);
        }
    }

    public static MountPath parse(String fusePath) throws NotACidException {
        if (fusePath.equals("/") || fusePath.isEmpty()) {
            return ROOT;
        }
        String[] parts = fusePath.substring(1).split("/");
        // Both steps are remembered below, not here: CidSpelling keeps parsed segments and a Cid its
        // v1 form and text, so a listing's thousands of lookups of one root decode it once.
        Cid root = CidSpelling.parseMountSegment(parts[0]).orElseThrow(() -> new NotACidException(
                "'" + parts[0] + "' is not a CID as the mount names them (Qm… or lower-case base32 bafy…)"));
        return new MountPath(fusePath, CidSpelling.canonical(root), root,
                List.of(Arrays.copyOfRange(parts, 1, parts.length)));
    }

    public boolean isRoot() {
        return root == null;
    }

    /** The path the policy sees: no leading slash, the alias as named or the root in its canonical spelling. */
    public String policyPath() {
        return isRoot() ? "" : below(shownAs != null ? shownAs : rootName);
    }

    /** The same content's name under its root CID, whatever alias the caller used. */
    public String canonicalPolicyPath() {
        return isRoot() ? "" : below(rootName);
    }

    /** The canonical name of the entry {@code name} in this directory. */
    public String childCanonicalPath(String name) {
        return isRoot() ? name : canonicalPolicyPath() + "/" + name;
    }

    private String below(String top) {
        return links.isEmpty() ? top : top + "/" + String.join("/", links);
    }

    /** The policy path of the entry {@code name} in this directory. */
    public String childPolicyPath(String name) {
        return isRoot() ? name : policyPath() + "/" + name;
    }

    /** The directory holding this path's last link; only for paths below a root. */
    public MountPath parent() {
        int cut = raw.lastIndexOf('/');
        return new MountPath(cut <= 0 ? "/" : raw.substring(0, cut), rootName, root, links.subList(0, links.size() - 1));
    }

    public String name() {
        if (!links.isEmpty()) {
            return links.get(links.size() - 1);
        }
        return shownAs != null ? shownAs.substring(shownAs.lastIndexOf('/') + 1) : rootName;
    }
}
