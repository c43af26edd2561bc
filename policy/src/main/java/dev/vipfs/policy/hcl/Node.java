package dev.vipfs.policy.hcl;

import java.util.List;

/**
 * A value read from HCL or JSON, with the position it started at. HCL blocks are represented as
 * nested objects ({@code path "p" { ... }} becomes member {@code path} = object {@code { "p" = {...} }}),
 * which is exactly the shape of Vault's JSON policy form, so one interpreter serves both.
 */
public sealed interface Node permits Node.Str, Node.Num, Node.Bool, Node.Arr, Node.Obj {
    int line();

    int column();

    /** A word for error messages: "a string", "a list", ... */
    String kind();

    /** A quoted string. */
    record Str(String value, int line, int column) implements Node {
        public String kind() {
            return "a string";
        }
    }

    /** A number, kept as written. */
    record Num(String text, int line, int column) implements Node {
        public String kind() {
            return "a number";
        }
    }

    /** true or false. */
    record Bool(boolean value, int line, int column) implements Node {
        public String kind() {
            return "a boolean";
        }
    }

    /** A list {@code [a, b]}. */
    record Arr(List<Node> items, int line, int column) implements Node {
        public Arr {
            items = List.copyOf(items);
        }

        public String kind() {
            return "a list";
        }
    }

    /** An object or block body; members keep their order and duplicates. */
    record Obj(List<Member> members, int line, int column) implements Node {
        public Obj {
            members = List.copyOf(members);
        }

        public String kind() {
            return "an object";
        }
    }

    /** One {@code key = value} of an object, with the key's position. */
    record Member(String key, Node value, int line, int column) { }
}
