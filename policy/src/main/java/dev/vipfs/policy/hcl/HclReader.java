package dev.vipfs.policy.hcl;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict reader for the small HCL subset Vault policies use: attributes, labelled blocks, strings,
 * numbers, booleans, lists, objects and comments. Written here rather than using hcl4j because every
 * error must carry a line and column and no input may hang or overflow the stack.
 */
public final class HclReader {
    private static final int MAX_DEPTH = 64;

    private final String src;
    private int pos;
    private int line = 1;
    private int col = 1;
    private int comments;

    private HclReader(String src) {
        this.src = src;
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
        return r.comments;
    }

    private Node.Obj body(int depth, boolean closedByBrace) throws PolicyParseException {
        int startLine = line;
        int startCol = col;
        List<Node.Member> members = new ArrayList<>();
        while (true) {
            skipSpace();
            if (atEnd()) {
                if (closedByBrace) {
                    throw error("unexpected end of input: missing '}'");
                }
                return new Node.Obj(members, startLine, startCol);
            }
            char c = peek();
            if (c == '}') {
                if (!closedByBrace) {
                    throw error("unexpected '}' with no block open");
                }
                advance();
                return new Node.Obj(members, startLine, startCol);
            }
            if (c == ',') {
                // HCL tolerates separators between object members.
                advance();
                continue;
            }
            int kLine = line;
            int kCol = col;
            String key = c == '"' ? string() : identifier();
            skipSpace();
            if (atEnd()) {
                throw error("unexpected end of input after '" + key + "': expected '=' or a block");
            }
            c = peek();
            if (c == '=' || c == ':') {
                advance();
                Node v = value(depth + 1);
                members.add(new Node.Member(key, v, kLine, kCol));
            } else if (c == '{' || c == '"' || isIdentStart(c)) {
                members.add(new Node.Member(key, block(depth + 1), kLine, kCol));
            } else {
                throw error("expected '=' or '{' after '" + key + "' but found " + describe(c));
            }
        }
    }

    /** Labels then a body: {@code "a" "b" { ... }} becomes {@code { "a" = { "b" = {...} } }}. */
    private Node block(int depth) throws PolicyParseException {
        checkDepth(depth);
        skipSpace();
        if (atEnd()) {
            throw error("unexpected end of input: expected a block");
        }
        int lLine = line;
        int lCol = col;
        char c = peek();
        if (c == '{') {
            advance();
            return body(depth, true);
        }
        String label;
        if (c == '"') {
            label = string();
        } else if (isIdentStart(c)) {
            label = identifier();
        } else {
            throw error("expected a block label or '{' but found " + describe(c));
        }
        Node inner = block(depth + 1);
        return new Node.Obj(List.of(new Node.Member(label, inner, lLine, lCol)), lLine, lCol);
    }

    private Node value(int depth) throws PolicyParseException {
        checkDepth(depth);
        skipSpace();
        if (atEnd()) {
            throw error("unexpected end of input: expected a value");
        }
        int vLine = line;
        int vCol = col;
        char c = peek();
        if (c == '"') {
            return new Node.Str(string(), vLine, vCol);
        }
        if (c == '[') {
            advance();
            List<Node> items = new ArrayList<>();
            while (true) {
                skipSpace();
                if (atEnd()) {
                    throw error("unexpected end of input: missing ']'");
                }
                if (peek() == ']') {
                    advance();
                    return new Node.Arr(items, vLine, vCol);
                }
                items.add(value(depth + 1));
                skipSpace();
                if (atEnd()) {
                    throw error("unexpected end of input: missing ']'");
                }
                char d = peek();
                if (d == ',') {
                    advance();
                } else if (d != ']') {
                    throw error("expected ',' or ']' in list but found " + describe(d));
                }
            }
        }
        if (c == '{') {
            advance();
            return body(depth, true);
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            int start = pos;
            advance();
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '.')) {
                advance();
            }
            return new Node.Num(src.substring(start, pos), vLine, vCol);
        }
        if (c == '<' && src.startsWith("<<", pos)) {
            throw error("heredoc strings are not supported in policies; use a quoted string");
        }
        if (isIdentStart(c)) {
            String word = identifier();
            if (word.equals("true") || word.equals("false")) {
                return new Node.Bool(word.equals("true"), vLine, vCol);
            }
            throw new PolicyParseException(vLine, vCol, "expected a value but found '" + word
                    + "' (strings must be quoted)");
        }
        throw error("expected a value but found " + describe(c));
    }

    private String string() throws PolicyParseException {
        int sLine = line;
        int sCol = col;
        advance(); // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw new PolicyParseException(sLine, sCol, "unterminated string");
            }
            char c = peek();
            if (c == '\n') {
                throw new PolicyParseException(sLine, sCol, "unterminated string (strings cannot span lines)");
            }
            advance();
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (atEnd()) {
                throw new PolicyParseException(sLine, sCol, "unterminated string");
            }
            char e = peek();
            int eLine = line;
            int eCol = col;
            advance();
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'u' -> {
                    if (pos + 4 > src.length()) {
                        throw new PolicyParseException(eLine, eCol, "incomplete \\u escape");
                    }
                    String hex = src.substring(pos, pos + 4);
                    try {
                        sb.append((char) Integer.parseInt(hex, 16));
                    } catch (NumberFormatException ex) {
                        throw new PolicyParseException(eLine, eCol, "invalid \\u escape '\\u" + hex + "'");
                    }
                    for (int i = 0; i < 4; i++) {
                        advance();
                    }
                }
                default -> throw new PolicyParseException(eLine, eCol, "unknown escape '\\" + e + "' in string");
            }
        }
    }

    private String identifier() throws PolicyParseException {
        if (atEnd() || !isIdentStart(peek())) {
            throw error("expected a name but found " + (atEnd() ? "end of input" : describe(peek())));
        }
        int start = pos;
        while (!atEnd() && (isIdentStart(peek()) || Character.isDigit(peek()) || peek() == '-' || peek() == '.')) {
            advance();
        }
        return src.substring(start, pos);
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private void skipSpace() throws PolicyParseException {
        while (!atEnd()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\uFEFF') {
                advance();
            } else if (c == '#' || (c == '/' && src.startsWith("//", pos))) {
                comments++;
                while (!atEnd() && peek() != '\n') {
                    advance();
                }
            } else if (c == '/' && src.startsWith("/*", pos)) {
                int cLine = line;
                int cCol = col;
                comments++;
                advance();
                advance();
                while (!atEnd() && !src.startsWith("*/", pos)) {
                    advance();
                }
                if (atEnd()) {
                    throw new PolicyParseException(cLine, cCol, "unterminated /* comment");
                }
                advance();
                advance();
            } else {
                return;
            }
        }
    }

    private void checkDepth(int depth) throws PolicyParseException {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private boolean atEnd() {
        return pos >= src.length();
    }

    private char peek() {
        return src.charAt(pos);
    }

    private void advance() {
        if (src.charAt(pos) == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        pos++;
    }

    private static String describe(char c) {
        if (c == '\n') {
            return "end of line";
        }
        if (Character.isISOControl(c)) {
            return String.format("character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    private PolicyParseException error(String message) {
        return new PolicyParseException(line, col, message);
    }
}
