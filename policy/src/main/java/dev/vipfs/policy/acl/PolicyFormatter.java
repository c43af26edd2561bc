package dev.vipfs.policy.acl;

import dev.vipfs.policy.hcl.HclSyntax;
import dev.vipfs.policy.hcl.Node;
import dev.vipfs.policy.hcl.PolicyParseException;
import java.util.List;

/**
 * Canonical HCL for a policy, as {@code vipfs policy fmt} prints it: one {@code path} block per
 * stanza, two-space indent, every key kept (including ones vipfs ignores) so the output stays a valid
 * Vault policy. Comments are not preserved. JSON input is converted to HCL.
 */
public final class PolicyFormatter {
    private PolicyFormatter() { }

    /** Validates then formats; throws the same error {@link PolicyParser} would. */
    public static String format(String text) throws PolicyParseException {
        Node.Obj root = HclSyntax.read(text);
        PolicyParser.interpret("fmt", root); // only valid policies are formatted
        StringBuilder sb = new StringBuilder();
        for (Node.Member m : root.members()) {
            if (m.key().equals("path")) {
                List<Node> groups = m.value() instanceof Node.Arr a ? a.items() : List.of(m.value());
                for (Node g : groups) {
                    for (Node.Member stanza : ((Node.Obj) g).members()) {
                        separate(sb);
                        sb.append("path ").append(HclSyntax.quote(stanza.key())).append(' ');
                        body((Node.Obj) stanza.value(), sb, 0);
                        sb.append('\n');
                    }
                }
            } else {
                separate(sb);
                sb.append(key(m.key())).append(" = ");
                value(m.value(), sb, 0);
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static void separate(StringBuilder sb) {
        if (sb.length() > 0) {
            sb.append('\n');
        }
    }

    private static void body(Node.Obj o, StringBuilder sb, int indent) {
        if (o.members().isEmpty()) {
            sb.append("{}");
            return;
        }
        sb.append("{\n");
        for (Node.Member m : o.members()) {
            sb.append("  ".repeat(indent + 1)).append(key(m.key())).append(" = ");
            value(m.value(), sb, indent + 1);
            sb.append('\n');
        }
        sb.append("  ".repeat(indent)).append('}');
    }

    private static void value(Node v, StringBuilder sb, int indent) {
        if (v instanceof Node.Str s) {
            sb.append(HclSyntax.quote(s.value()));
        } else if (v instanceof Node.Num n) {
            sb.append(n.text());
        } else if (v instanceof Node.Bool b) {
            sb.append(b.value());
        } else if (v instanceof Node.Arr a) {
            sb.append('[');
            for (int i = 0; i < a.items().size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                value(a.items().get(i), sb, indent);
            }
            sb.append(']');
        } else if (v instanceof Node.Obj o) {
            body(o, sb, indent);
        }
    }

    private static String key(String k) {
        return k.matches("[A-Za-z_][A-Za-z0-9_-]*") ? k : HclSyntax.quote(k);
    }
}
