package dev.vipfs.fs.named;

import dev.vipfs.fs.alias.Alias;
import dev.vipfs.fs.alias.AliasStore;
import dev.vipfs.fs.alias.IpnsNames;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.fs.path.PathResolver;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.ipns.NameResolver;
import dev.vipfs.ipfs.ipns.Resolution;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two trees whose roots are names rather than CIDs: {@code MOUNT/by-name/<alias>} (local
 * aliases) and {@code MOUNT/ipns/<name>} (IPNS). A path below either becomes a {@link MountPath}
 * that carries both the name the caller used and the CID it reached, so the policy decides both.
 */
public final class NamedRoots {
    public static final String BY_NAME = "by-name";
    public static final String IPNS = "ipns";

    private final AliasStore aliases;
    private final NameResolver ipns;
    private final PathResolver paths;

    /**
     * @param aliases the home's aliases, or null for a mount without by-name/
     * @param ipns    the store's name resolver, or null when the store cannot resolve names
     */
    public NamedRoots(AliasStore aliases, NameResolver ipns, PathResolver paths) {
        this.aliases = aliases;
        this.ipns = ipns;
        this.paths = paths;
    }

    /** Whether a FUSE path lies in one of the named trees (including their top directories). */
    public static boolean owns(String fusePath) {
        return top(fusePath) != null;
    }

    /** {@code by-name} or {@code ipns} for a path that is exactly one of the top directories, else null. */
    public static String topDirectory(String fusePath) {
        String t = top(fusePath);
        return t != null && fusePath.length() == t.length() + 1 ? t : null;
    }

    private static String top(String fusePath) {
        for (String t : List.of(BY_NAME, IPNS)) {
            if (fusePath.equals("/" + t) || fusePath.startsWith("/" + t + "/")) {
                return t;
            }
        }
        return null;
    }

    /** Whether this mount serves the top directory {@code top}. */
    public boolean serves(String top) {
        return BY_NAME.equals(top) ? aliases != null : IPNS.equals(top) && ipns != null;
    }

    /** The aliases to list under by-name/, by name. */
    public Map<String, Alias> aliases() throws IOException {
        return aliases == null ? Map.of() : aliases.all();
    }

    /** The path below a name, resolved to the CID the name stands for now. */
    public MountPath parse(String fusePath) throws IOException, MountPath.NotACidException {
        String[] parts = fusePath.substring(1).split("/");
        String top = parts[0];
        if (!serves(top) || parts.length < 2) {
            throw new MountPath.NotACidException("'" + fusePath + "' is not served by this mount");
        }
        String name = parts[1];
        List<String> below = List.of(Arrays.copyOfRange(parts, 2, parts.length));
        String shown = top + "/" + name;
        if (top.equals(IPNS)) {
            if (!IpnsNames.plausible(name)) {
                throw new MountPath.NotACidException("'" + name + "' is not an IPNS name (k51… or a DNS domain)");
            }
            return MountPath.aliased(fusePath, shown, target(ipns.resolve(name)), below);
        }
        Optional<Alias> alias = aliases.get(name);
        if (alias.isEmpty()) {
            throw new MountPath.NotACidException("no alias named '" + name + "' (vipfs alias ls)");
        }
        Optional<Cid> cid = alias.get().cid();
        if (cid.isPresent()) {
            return MountPath.aliased(fusePath, shown, cid.get(), below);
        }
        if (ipns == null) {
            throw new IOException("alias '" + name + "' follows " + alias.get().target()
                    + " but this mount's store cannot resolve IPNS names (use --store kubo or gateway)");
        }
        return MountPath.aliased(fusePath, shown, target(ipns.resolve(alias.get().ipnsName().orElseThrow())), below);
    }

    /** The CID a resolution names, following the links of a value such as /ipfs/<cid>/site. */
    private Cid target(Resolution r) throws IOException {
        if (r.links().isEmpty()) {
            return r.root();
        }
        return paths.resolve(new MountPath("/" + r.root(), dev.vipfs.fs.names.CidSpelling.canonical(r.root()),
                r.root(), r.links()));
    }
}
