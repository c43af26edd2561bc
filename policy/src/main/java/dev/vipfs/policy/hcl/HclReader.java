package dev.vipfs.policy.hcl;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict reader for the small HCL subset Vault policies use: attributes, labelled blocks, strings,
 * numbers, booleans, lists, objects and comments. Written here rather than using hcl4j because every
 * error must carry a line and column and no input may hang or overflow the stack. This is the grammar;
 * {@link HclScanner} reads the characters.
 */
public final class HclReader {
    private static final int MAX_DEPTH = 64;

    private final HclScanner in;

    private HclReader(String src) {
        this.in = new HclScanner(src);
    }

    /** Parses a whole HCL document into an object node. */
    public static Node.Obj read(String text) throws PolicyParseException {
        HclReader r = new HclReader(text);
        Node.Obj body = r.body(0, false);
        return body;
    }

    /** How many comments a valid HCL document holds (the parse skips them; a rewrite would lose them). */
    public static int countComments(String text) throws PolicyParseException {
        HclReader r = new HclReader(text);
        r.body(0, false);
        return r.in.comments();
    }

    private Node.Obj body(int depth, boolean closedByBrace) throws PolicyParseException {
        int startLine = in.line();
        int startCol = in.column();
        List<Node.Member> members = new ArrayList<>();
        while (true) {
            in.skipSpace();
            if (in.atEnd()) {
                if (closedByBrace) {
                    throw in.error("unexpected end of input: missing '}'");
                }
                return new Node.Obj(members, startLine, startCol);
            }
            char c = in.peek();
            if (c == '}') {
                if (!closedByBrace) {
                    throw in.error("unexpected '}' with no block open");
                }
                in.advance();
                return new Node.Obj(members, startLine, startCol);
            }
            if (c == ',') {
                // HCL tolerates separators between object members.
                in.advance();
                continue;
            }
            int kLine = in.line();
            int kCol = in.column();
            String key = c == '"' ? in.string() : in.identifier();
            in.skipSpace();
            if (in.atEnd()) {
                throw in.error("unexpected end of input after '" + key + "': expected '=' or a block");
            }
            c = in.peek();
            if (c == '=' || c == ':') {
                in.advance();
                Node v = value(depth + 1);
                members.add(new Node.Member(key, v, kLine, kCol));
            } else if (c == '{' || c == '"' || HclScanner.isIdentStart(c)) {
                members.add(new Node.Member(key, block(depth + 1), kLine, kCol));
            } else {
                throw in.error("expected '=' or '{' after '" + key + "' but found " + HclScanner.describe(c));
            }
        }
    }

    /** Labels then a body: {@code "a" "b" { ... }} becomes {@code { "a" = { "b" = {...} } }}. */
    private Node block(int depth) throws PolicyParseException {
        checkDepth(depth);
        in.skipSpace();
        if (in.atEnd()) {
            throw in.error("unexpected end of input: expected a block");
        }
        int lLine = in.line();
        int lCol = in.column();
        char c = in.peek();
        if (c == '{') {
            in.advance();
            return body(depth, true);
        }
        String label;
        if (c == '"') {
            label = in.string();
        } else if (HclScanner.isIdentStart(c)) {
            label = in.identifier();
        } else {
            throw in.error("expected a block label or '{' but found " + HclScanner.describe(c));
        }
        Node inner = block(depth + 1);
        return new Node.Obj(List.of(new Node.Member(label, inner, lLine, lCol)), lLine, lCol);
    }

    private Node value(int depth) throws PolicyParseException {
        checkDepth(depth);
        in.skipSpace();
        if (in.atEnd()) {
            throw in.error("unexpected end of input: expected a value");
        }
        int vLine = in.line();
        int vCol = in.column();
        char c = in.peek();
        if (c == '"') {
            return new Node.Str(in.string(), vLine, vCol);
        }
        if (c == '[') {
            in.advance();
            return list(depth, vLine, vCol);
        }
        if (c == '{') {
            in.advance();
            return body(depth, true);
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return new Node.Num(in.number(), vLine, vCol);
        }
        if (c == '<' && in.lookingAt("<<")) {
            throw in.error("heredoc strings are not supported in policies; use a quoted string");
        }
        if (HclScanner.isIdentStart(c)) {
            String word = in.identifier();
            if (word.equals("true") || word.equals("false")) {
                return new Node.Bool(word.equals("true"), vLine, vCol);
            }
            throw new PolicyParseException(vLine, vCol, "expected a value but found '" + word
                    + "' (strings must be quoted)");
        }
        throw in.error("expected a value but found " + HclScanner.describe(c));
    }

    /** The items of a list whose '[' at {@code line}:{@code col} was just read, through its ']'. */
    private Node list(int depth, int line, int col) throws PolicyParseException {
        List<Node> items = new ArrayList<>();
        while (true) {
            in.skipSpace();
            if (in.atEnd()) {
                throw in.error("unexpected end of input: missing ']'");
            }
            if (in.peek() == ']') {
                in.advance();
                return new Node.Arr(items, line, col);
            }
            items.add(value(depth + 1));
            in.skipSpace();
            if (in.atEnd()) {
                throw in.error("unexpected end of input: missing ']'");
            }
            char d = in.peek();
            if (d == ',') {
                in.advance();
            } else if (d != ']') {
                throw in.error("expected ',' or ']' in list but found " + HclScanner.describe(d));
            }
        }
    }

    private void checkDepth(int depth) throws PolicyParseException {
        if (depth > MAX_DEPTH) {
            throw in.error("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }
}
