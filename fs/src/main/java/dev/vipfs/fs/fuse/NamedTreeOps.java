package dev.vipfs.fs.fuse;

import dev.vipfs.fs.alias.Alias;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.fs.named.NamedRoots;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ru.serce.jnrfuse.struct.FileStat;

/**
 * MOUNT/by-name and MOUNT/ipns: their two top directories, and the mapping of every path below
 * them onto the content tree (the content operations then run on a path that carries both names).
 */
final class NamedTreeOps {
    private final MountServices s;
    private final NamedRoots roots;
    private final long mountTime = System.currentTimeMillis() / 1000;

    NamedTreeOps(MountServices s, NamedRoots roots) {
        this.s = s;
        this.roots = roots;
    }

    /** Whether the FUSE path is one of the top directories this mount serves. */
    boolean isTopDirectory(String fusePath) {
        String top = NamedRoots.topDirectory(fusePath);
        return top != null && roots.serves(top);
    }

    /** Whether a path below a name is served here (else it is an ordinary content path). */
    boolean owns(String fusePath) {
        return NamedRoots.owns(fusePath);
    }

    /**
     * The path below a name, resolved. A caller the name's own path refuses is refused (and audited)
     * before the name is resolved, so nobody without a grant makes the mount ask the network.
     */
    MountPath parse(Caller caller, String fusePath) throws IOException, MountPath.NotACidException {
        String shown = fusePath.substring(1);
        if (!s.gate.permits(caller, shown, Operation.LOOKUP)) {
            s.gate.require(caller, shown, Operation.LOOKUP, null);
        }
        return roots.parse(fusePath);
    }

    void getattrTop(Caller caller, String fusePath, FileStat stat) throws IOException {
        s.gate.require(caller, NamedRoots.topDirectory(fusePath), Operation.LOOKUP, null);
        AttrOps.fillDirectory(stat, mountTime);
    }

    /** access(2) on a top directory: read-only, looked up and listed as the policy allows. */
    void accessTop(Caller caller, String fusePath, int mask) throws IOException, RefusedException {
        if ((mask & AccessOps.W_OK) != 0) {
            throw RefusedException.readOnly(fusePath);
        }
        String top = NamedRoots.topDirectory(fusePath);
        s.gate.require(caller, top, (mask & AccessOps.R_OK) != 0 ? Operation.LIST : Operation.LOOKUP, null);
    }

    /**
     * by-name/ lists the aliases the caller may look up (under the alias and under the CID it fixes);
     * ipns/ lists nothing, as names are looked up, not enumerated.
     */
    List<String> readdirTop(Caller caller, String fusePath) throws IOException {
        String top = NamedRoots.topDirectory(fusePath);
        s.gate.require(caller, top, Operation.LIST, null);
        List<String> names = new ArrayList<>();
        if (!top.equals(NamedRoots.BY_NAME)) {
            return names;
        }
        for (Alias a : roots.aliases().values()) {
            String shown = NamedRoots.BY_NAME + "/" + a.name();
            Optional<Cid> cid = a.cid();
            boolean visible = cid.isPresent()
                    ? s.gate.permitsAliased(caller, shown, CidSpelling.canonical(cid.get()), Operation.LOOKUP)
                    : s.gate.permits(caller, shown, Operation.LOOKUP);
            if (visible) {
                names.add(a.name());
            }
        }
        return names;
    }

    /** The top directories to add to the mount root's listing for this caller. */
    List<String> rootEntries(Caller caller) {
        List<String> out = new ArrayList<>();
        for (String top : List.of(NamedRoots.BY_NAME, NamedRoots.IPNS)) {
            if (roots.serves(top) && s.gate.permits(caller, top, Operation.LOOKUP)) {
                out.add(top);
            }
        }
        return out;
    }
}
