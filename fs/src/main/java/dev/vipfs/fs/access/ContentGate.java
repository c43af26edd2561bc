package dev.vipfs.fs.access;

import dev.vipfs.fs.attrs.AttributeObjectNames;
import dev.vipfs.fs.path.NoSuchLinkException;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.fs.names.NameIndex;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.fs.path.PathResolver;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import java.io.IOException;

/**
 * The order every request on the content tree follows: the policy on the path as named (before
 * anything is fetched for a caller it refuses), DAG resolution, then the policy on every other name
 * the mount knows for what was reached. A rule thereby governs its content under other roots,
 * spellings and DAGs that link it, not just under the path it was written for.
 */
public final class ContentGate {
    private final AccessGate gate;
    private final PathResolver resolver;
    private final NameIndex names;

    public ContentGate(AccessGate gate, PathResolver resolver, NameIndex names) {
        this.gate = gate;
        this.resolver = resolver;
        this.names = names;
    }

    /** The CID that {@code path} reaches, once {@code op} on it is allowed under each of its names and audited. */
    public Cid authorize(Caller caller, MountPath path, Operation op) throws IOException, MountPath.NotACidException {
        admit(path);
        if (path.shownAs() == null) {
            gate.require(caller, path.policyPath(), op, null);
        } else {
            gate.requireAliased(caller, path.policyPath(), path.canonicalPolicyPath(), op);
        }
        Cid cid = resolver.resolve(path);
        NameIndex.Names known = names.ofContent(cid);
        if (known.names().isEmpty() && !known.complete()) {
            gate.refuseUnknown(caller, path.policyPath(), op, cid, known.incomplete());
        }
        for (String name : known.names()) {
            if (AttributeObjectNames.names(name)) {
                // Served only through stat of the entries it describes (docs/security.md, "Attributes objects").
                throw new NoSuchLinkException(path.raw() + " is a directory's attributes object, not served as a file");
            }
        }
        gate.requireUnderEveryName(caller, path.policyPath(), op, cid, known.names());
        return cid;
    }

    /** Whether a listing of {@code dir} may show its entry {@code name}, {@code cid}, under each name (its own lookup audits it). */
    public boolean shows(Caller caller, MountPath dir, String name, Cid cid) {
        String shown = dir.childPolicyPath(name);
        if (dir.shownAs() != null && !gate.permitsAliased(caller, shown, dir.childCanonicalPath(name), Operation.LOOKUP)) {
            return false;
        }
        return shows(caller, shown, cid);
    }

    /** Whether a listing may show the entry {@code cid} at {@code policyPath} (its own lookup audits it). */
    public boolean shows(Caller caller, String policyPath, Cid cid) {
        if (!gate.permits(caller, policyPath, Operation.LOOKUP)) {
            return false;
        }
        NameIndex.Names known;
        try {
            known = names.ofContent(cid);
        } catch (IOException e) {
            return false;
        }
        if (known.names().isEmpty()) {
            return known.complete();
        }
        return gate.permitsUnderEveryName(caller, policyPath, Operation.LOOKUP, known.names());
    }

    /** Whether the mount root may list a catalogued root for this caller. */
    public boolean showsRoot(Caller caller, Cid root) {
        return admits(root) && shows(caller, CidSpelling.canonical(root), root);
    }

    /**
     * An identity CID carries its block inside its own name, so anyone can mint a directory that
     * links any content without writing a byte anywhere: such roots exist in the mount only where
     * a rule names them.
     */
    private void admit(MountPath path) throws MountPath.NotACidException {
        if (!admits(path.root())) {
            throw new MountPath.NotACidException(path.rootName() + " is an identity CID that no rule names");
        }
    }

    private boolean admits(Cid root) {
        return !root.isIdentity() || names.namedByRule(root);
    }
}
