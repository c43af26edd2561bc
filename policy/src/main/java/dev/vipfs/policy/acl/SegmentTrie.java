package dev.vipfs.policy.acl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules that contain {@code +} segments, in a trie by segment, so matching a path walks only the
 * branches its own segments (or a {@code +}) lead to. Built once, then read-only; safe to share.
 */
final class SegmentTrie {
    /** A node holding the rules that end, or whose last partial segment is matched, at its depth. */
    private static final class Node {
        final Map<String, Node> literal = new HashMap<>();
        Node plus;
        CompiledRule exact;                                  // a rule that ends exactly here
        final List<CompiledRule> globs = new ArrayList<>(); // rules whose last, partial segment is matched at this depth
    }

    private final Node root = new Node();
    private boolean empty = true;

    void insert(CompiledRule c) {
        empty = false;
        Node node = root;
        int n = c.segments.length;
        int full = c.isPrefix ? n - 1 : n;
        for (int i = 0; i < full; i++) {
            node = child(node, c.segments[i]);
        }
        if (c.isPrefix) {
            node.globs.add(c);
        } else {
            node.exact = c;
        }
    }

    private static Node child(Node node, String seg) {
        if (seg.equals("+")) {
            if (node.plus == null) {
                node.plus = new Node();
            }
            return node.plus;
        }
        return node.literal.computeIfAbsent(seg, k -> new Node());
    }

    /** The higher-priority of {@code prefixMatch} and every rule here matching {@code path}. */
    CompiledRule best(String path, CompiledRule prefixMatch) {
        if (empty) {
            return prefixMatch;
        }
        String[] parts = path.split("/", -1);
        CompiledRule[] best = {prefixMatch};
        walk(root, parts, 0, best);
        return best[0];
    }

    private static void walk(Node node, String[] parts, int depth, CompiledRule[] best) {
        if (depth < parts.length) {
            for (CompiledRule g : node.globs) {
                String last = g.segments[g.segments.length - 1];
                if (last.equals("+") || parts[depth].startsWith(last)) {
                    best[0] = CompiledRule.better(best[0], g);
                }
            }
            Node lit = node.literal.get(parts[depth]);
            if (lit != null) {
                walk(lit, parts, depth + 1, best);
            }
            if (node.plus != null) {
                walk(node.plus, parts, depth + 1, best);
            }
        } else if (node.exact != null) {
            best[0] = CompiledRule.better(best[0], node.exact);
        }
    }
}
