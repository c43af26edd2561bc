package dev.vipfs.fs.access;

import dev.vipfs.fs.attrs.AttributeObjectNames;
import dev.vipfs.fs.path.NoSuchLinkException;
import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.fs.names.NameIndex;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.fs.path.PathResolver;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.unixfs.codec.FileLink;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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
    private final ObjectInspector inspector;
    private final UnixfsReader reader;

    public ContentGate(AccessGate gate, PathResolver resolver, NameIndex names, ObjectInspector inspector, UnixfsReader reader) {
        this.gate = gate;
        this.resolver = resolver;
        this.names = names;
        this.inspector = inspector;
        this.reader = reader;
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
        NameIndex.Names known = namesOf(cid);
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
            known = namesOf(cid);
        } catch (IOException e) {
            return false;
        }
        if (known.names().isEmpty()) {
            return known.complete();
        }
        return gate.permitsUnderEveryName(caller, policyPath, Operation.LOOKUP, known.names());
    }

    /**
     * The names of an object and of the blocks through which another DAG could reach the same
     * plaintext: a file node of its own can pair a known envelope's header or payload, or link a
     * known plaintext file's chunks, under a CID the index has never seen.
     */
    private NameIndex.Names namesOf(Cid cid) throws IOException {
        NameIndex.Names own = names.of(cid);
        ObjectInfo info = inspector.inspect(cid);
        if (info.kind() != ObjectInfo.Kind.FILE) {
            return own;
        }
        List<Cid> parts = new ArrayList<>();
        if (info.encrypted()) {
            parts.add(info.envelope().header());
            parts.add(info.envelope().payload());
        } else if (cid.codec() == Multicodec.DAG_PB) {
            for (FileLink l : reader.stat(cid).fileLinks()) {
                parts.add(l.cid());
            }
        }
        if (parts.isEmpty()) {
            return own;
        }
        List<String> all = new ArrayList<>(own.names());
        for (Cid part : parts) {
            for (String n : names.of(part).names()) {
                if (!all.contains(n)) {
                    all.add(n);
                }
            }
        }
        return new NameIndex.Names(all, own.incomplete());
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
