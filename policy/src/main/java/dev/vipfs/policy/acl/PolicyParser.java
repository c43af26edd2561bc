package dev.vipfs.policy.acl;

import dev.vipfs.policy.hcl.HclSyntax;
import dev.vipfs.policy.hcl.Node;
import dev.vipfs.policy.hcl.PolicyParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses Vault ACL policies in HCL or Vault's JSON form into a {@link Policy}. */
public final class PolicyParser {
    /** Path-stanza keys Vault accepts that have no meaning for a filesystem; accepted with a warning. */
    private static final Set<String> IGNORED_PATH_KEYS = Set.of("allowed_parameters", "denied_parameters",
            "required_parameters", "min_wrapping_ttl", "max_wrapping_ttl", "mfa_methods", "control_group",
            "subscribe_event_types");

    private PolicyParser() { }

    /** Parses HCL or, when the text starts with '{', JSON. */
    public static Policy parse(String name, String text) throws PolicyParseException {
        return interpret(name, HclSyntax.read(text));
    }

    /** Interprets an already-read document (from {@link HclSyntax#read}) as a policy. */
    static Policy interpret(String name, Node.Obj root) throws PolicyParseException {
        List<String> warnings = new ArrayList<>();
        // Stanzas for the same pattern within one policy are merged the way Vault merges them.
        Map<String, PathRule> rules = new LinkedHashMap<>();
        for (Node.Member m : root.members()) {
            switch (m.key()) {
                case "name" -> { } // Vault ignores an embedded name; the file name is the policy name.
                case "path" -> {
                    for (Node.Obj stanzas : objects(m.value(), "path")) {
                        for (Node.Member stanza : stanzas.members()) {
                            PathRule r = rule(stanza, warnings);
                            rules.merge(r.pattern(), r, PolicyParser::mergeSamePattern);
                        }
                    }
                }
                default -> throw new PolicyParseException(m.line(), m.column(),
                        "unknown key '" + m.key() + "': a policy contains only path \"...\" { capabilities = [...] } stanzas");
            }
        }
        return new Policy(name, new ArrayList<>(rules.values()), warnings);
    }

    /** Vault's merge for one pattern: deny wins outright, otherwise capabilities are united. */
    static PathRule mergeSamePattern(PathRule a, PathRule b) {
        if (a.capabilities().contains(Capability.DENY)) {
            return a;
        }
        if (b.capabilities().contains(Capability.DENY)) {
            return b;
        }
        EnumSet<Capability> caps = EnumSet.noneOf(Capability.class);
        caps.addAll(a.capabilities());
        caps.addAll(b.capabilities());
        return new PathRule(a.pattern(), caps, a.line());
    }

    private static List<Node.Obj> objects(Node v, String key) throws PolicyParseException {
        if (v instanceof Node.Obj o) {
            return List.of(o);
        }
        if (v instanceof Node.Arr a) {
            List<Node.Obj> out = new ArrayList<>();
            for (Node item : a.items()) {
                if (!(item instanceof Node.Obj o)) {
                    throw new PolicyParseException(item.line(), item.column(),
                            "'" + key + "' must hold objects but found " + item.kind());
                }
                out.add(o);
            }
            return out;
        }
        throw new PolicyParseException(v.line(), v.column(), "'" + key + "' must be a block but found " + v.kind());
    }

    private static PathRule rule(Node.Member stanza, List<String> warnings) throws PolicyParseException {
        String raw = stanza.key();
        String pattern = raw.startsWith("/") ? raw.substring(1) : raw;
        int star = pattern.indexOf('*');
        if (star >= 0 && star != pattern.length() - 1) {
            throw new PolicyParseException(stanza.line(), stanza.column(), "path \"" + raw
                    + "\": '*' is only allowed as the last character (use '+' for one whole segment)");
        }
        if (!(stanza.value() instanceof Node.Obj body)) {
            throw new PolicyParseException(stanza.line(), stanza.column(),
                    "path \"" + raw + "\" must be followed by a { ... } block");
        }
        EnumSet<Capability> caps = EnumSet.noneOf(Capability.class);
        boolean sawCapabilities = false;
        for (Node.Member m : body.members()) {
            switch (m.key()) {
                case "capabilities" -> {
                    sawCapabilities = true;
                    if (!(m.value() instanceof Node.Arr list)) {
                        throw new PolicyParseException(m.value().line(), m.value().column(),
                                "capabilities must be a list such as [\"read\", \"list\"] but found " + m.value().kind());
                    }
                    for (Node item : list.items()) {
                        if (!(item instanceof Node.Str s)) {
                            throw new PolicyParseException(item.line(), item.column(),
                                    "a capability must be a quoted string but found " + item.kind());
                        }
                        capability(s, raw, caps, warnings);
                    }
                }
                case "policy" -> {
                    // Vault's pre-0.9 shorthand, still accepted by Vault.
                    sawCapabilities = true;
                    if (!(m.value() instanceof Node.Str s)) {
                        throw new PolicyParseException(m.value().line(), m.value().column(),
                                "policy must be one of \"deny\", \"read\", \"write\", \"sudo\"");
                    }
                    switch (s.value()) {
                        case "deny" -> caps.add(Capability.DENY);
                        case "read" -> caps.addAll(EnumSet.of(Capability.READ, Capability.LIST));
                        case "write", "sudo" -> caps.addAll(EnumSet.of(Capability.CREATE, Capability.READ,
                                Capability.UPDATE, Capability.DELETE, Capability.LIST));
                        default -> throw new PolicyParseException(s.line(), s.column(), "unknown policy \""
                                + s.value() + "\": use one of \"deny\", \"read\", \"write\", \"sudo\"");
                    }
                }
                default -> {
                    if (!IGNORED_PATH_KEYS.contains(m.key())) {
                        throw new PolicyParseException(m.line(), m.column(), "unknown key '" + m.key()
                                + "' in path \"" + raw + "\": expected capabilities = [...]");
                    }
                    warnings.add(m.line() + ":" + m.column() + ": '" + m.key() + "' has no meaning for a filesystem and is ignored");
                }
            }
        }
        if (!sawCapabilities) {
            warnings.add(stanza.line() + ":" + stanza.column() + ": path \"" + raw + "\" has no capabilities and grants nothing");
        }
        if (caps.contains(Capability.DENY)) {
            caps = EnumSet.of(Capability.DENY);
        }
        return new PathRule(pattern, caps, stanza.line());
    }

    private static void capability(Node.Str s, String path, Set<Capability> caps, List<String> warnings)
            throws PolicyParseException {
        String word = s.value();
        var c = Capability.parse(word);
        if (c.isPresent()) {
            caps.add(c.get());
        } else if (Capability.IGNORED.contains(word)) {
            warnings.add(s.line() + ":" + s.column() + ": capability \"" + word + "\" on path \"" + path
                    + "\" has no meaning for a filesystem and is ignored");
        } else {
            throw new PolicyParseException(s.line(), s.column(), "unknown capability \"" + word
                    + "\": use create, read, update, delete, list or deny");
        }
    }
}
