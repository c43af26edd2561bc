package dev.vipfs.policy.identity;

import dev.vipfs.policy.Caller;
import dev.vipfs.policy.hcl.HclSyntax;
import dev.vipfs.policy.hcl.Node;
import dev.vipfs.policy.hcl.PolicyParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which policies apply to which callers, by uid, gid, user name or group name (names resolved when
 * loaded). A caller gets the union of the policies bound to its uid, its gid and each supplementary
 * group. Immutable and thread-safe.
 */
public final class IdentityBindings {
    private final Map<Subject, List<String>> bindings;
    private final Map<Integer, Set<String>> byUid = new HashMap<>();
    private final Map<Integer, Set<String>> byGid = new HashMap<>();
    private final Set<String> forAll = new TreeSet<>();
    private final List<String> warnings = new ArrayList<>();

    private IdentityBindings(Map<Subject, List<String>> bindings, UnixAccounts accounts) {
        this.bindings = Collections.unmodifiableMap(new LinkedHashMap<>(bindings));
        bindings.forEach((s, policies) -> {
            switch (s.kind()) {
                case ANY -> forAll.addAll(policies);
                case UID -> add(byUid, (int) Long.parseLong(s.value()), policies);
                case GID -> add(byGid, (int) Long.parseLong(s.value()), policies);
                case USER -> {
                    OptionalInt uid = accounts.uid(s.value());
                    if (uid.isPresent()) {
                        add(byUid, uid.getAsInt(), policies);
                    } else {
                        warnings.add("identity \"" + s + "\": no such user; binding ignored");
                    }
                }
                case GROUP -> {
                    OptionalInt gid = accounts.gid(s.value());
                    if (gid.isPresent()) {
                        add(byGid, gid.getAsInt(), policies);
                    } else {
                        warnings.add("identity \"" + s + "\": no such group; binding ignored");
                    }
                }
            }
        });
    }

    private static void add(Map<Integer, Set<String>> m, int id, List<String> policies) {
        m.computeIfAbsent(id, k -> new TreeSet<>()).addAll(policies);
    }

    /** No bindings: nobody gets any policy. */
    public static IdentityBindings none() {
        return new IdentityBindings(Map.of(), UnixAccounts.of(Map.of(), Map.of()));
    }

    /** Bindings from explicit subjects. */
    public static IdentityBindings of(Map<Subject, List<String>> bindings, UnixAccounts accounts) {
        return new IdentityBindings(bindings, accounts);
    }

    /**
     * Parses {@code identity "SUBJECT" { policies = ["a", "b"] }} stanzas (HCL) or
     * {@code {"identity": {"SUBJECT": {"policies": [...]}}}} (JSON); bindings for the same subject are united.
     */
    public static IdentityBindings parse(String text, UnixAccounts accounts) throws PolicyParseException {
        Node.Obj root = HclSyntax.read(text);
        Map<Subject, List<String>> out = new LinkedHashMap<>();
        for (Node.Member m : root.members()) {
            if (!m.key().equals("identity")) {
                throw new PolicyParseException(m.line(), m.column(), "unknown key '" + m.key()
                        + "': expected identity \"uid:N\" { policies = [...] }");
            }
            List<Node.Obj> groups = new ArrayList<>();
            if (m.value() instanceof Node.Obj o) {
                groups.add(o);
            } else if (m.value() instanceof Node.Arr a) {
                for (Node n : a.items()) {
                    if (!(n instanceof Node.Obj o)) {
                        throw new PolicyParseException(n.line(), n.column(), "identity must hold objects");
                    }
                    groups.add(o);
                }
            } else {
                throw new PolicyParseException(m.value().line(), m.value().column(), "identity must be a block");
            }
            for (Node.Obj g : groups) {
                for (Node.Member s : g.members()) {
                    Subject subject;
                    try {
                        subject = Subject.parse(s.key());
                    } catch (PolicyParseException e) {
                        throw new PolicyParseException(s.line(), s.column(), e.detail());
                    }
                    List<String> policies = policies(s);
                    List<String> merged = out.computeIfAbsent(subject, k -> new ArrayList<>());
                    for (String p : policies) {
                        if (!merged.contains(p)) {
                            merged.add(p);
                        }
                    }
                }
            }
        }
        return new IdentityBindings(out, accounts);
    }

    private static List<String> policies(Node.Member s) throws PolicyParseException {
        if (!(s.value() instanceof Node.Obj body)) {
            throw new PolicyParseException(s.line(), s.column(), "identity \"" + s.key()
                    + "\" must be followed by { policies = [...] }");
        }
        List<String> out = new ArrayList<>();
        boolean seen = false;
        for (Node.Member m : body.members()) {
            if (!m.key().equals("policies")) {
                throw new PolicyParseException(m.line(), m.column(), "unknown key '" + m.key()
                        + "' in identity \"" + s.key() + "\": expected policies = [...]");
            }
            seen = true;
            if (!(m.value() instanceof Node.Arr a)) {
                throw new PolicyParseException(m.value().line(), m.value().column(),
                        "policies must be a list of policy names such as [\"site-read\"]");
            }
            for (Node n : a.items()) {
                if (!(n instanceof Node.Str str) || str.value().isEmpty()) {
                    throw new PolicyParseException(n.line(), n.column(), "a policy name must be a non-empty quoted string");
                }
                out.add(str.value());
            }
        }
        if (!seen) {
            throw new PolicyParseException(s.line(), s.column(), "identity \"" + s.key() + "\" has no policies = [...]");
        }
        return out;
    }

    /** The policy names that apply to a caller, sorted; empty means the caller may do nothing. */
    public Set<String> policiesFor(Caller caller) {
        TreeSet<String> out = new TreeSet<>(forAll);
        Set<String> u = byUid.get(caller.uid());
        if (u != null) {
            out.addAll(u);
        }
        if (!byGid.isEmpty()) {
            Set<String> g = byGid.get(caller.gid());
            if (g != null) {
                out.addAll(g);
            }
            for (int extra : caller.groups()) {
                Set<String> s = byGid.get(extra);
                if (s != null) {
                    out.addAll(s);
                }
            }
        }
        return out;
    }

    /** Whether any policy is bound to a gid or group, so that a caller's unknown groups could change its answer. */
    public boolean hasGroupBindings() {
        return !byGid.isEmpty();
    }

    /** The bindings as written (subject → policy names), in file order. */
    public Map<Subject, List<String>> bindings() {
        return bindings;
    }

    /** Names that did not resolve and were ignored. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Canonical HCL for these bindings, as {@code fmt} writes them. */
    public String toHcl() {
        StringBuilder sb = new StringBuilder();
        bindings.forEach((s, policies) -> {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append("identity ").append(HclSyntax.quote(s.toString())).append(" {\n  policies = [");
            for (int i = 0; i < policies.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(HclSyntax.quote(policies.get(i)));
            }
            sb.append("]\n}\n");
        });
        return sb.toString();
    }
}
