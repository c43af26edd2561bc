package dev.vipfs.policy.hcl;

/**
 * The lexical side of {@link HclReader}: a cursor over the text that knows line and column, skips
 * blanks and the three comment forms (counting them), and reads the tokens that are more than one
 * character (quoted strings with their escapes, names, numbers). Errors carry the position of the
 * token at fault.
 */
final class HclScanner {
    private final String src;
    private int pos;
    private int line = 1;
    private int col = 1;
    private int comments;

    HclScanner(String src) {
        this.src = src;
    }

    int line() {
        return line;
    }

    int column() {
        return col;
    }

    /** How many comments {@link #skipSpace} has passed. */
    int comments() {
        return comments;
    }

    boolean atEnd() {
        return pos >= src.length();
    }

    char peek() {
        return src.charAt(pos);
    }

    /** Whether the text at the cursor starts with {@code s}. */
    boolean lookingAt(String s) {
        return src.startsWith(s, pos);
    }

    void advance() {
        if (src.charAt(pos) == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        pos++;
    }

    /** Skips blanks, a byte-order mark and comments ({@code #}, {@code //}, {@code /* … *}{@code /}). */
    void skipSpace() throws PolicyParseException {
        while (!atEnd()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\uFEFF') {
                advance();
            } else if (c == '#' || (c == '/' && lookingAt("//"))) {
                comments++;
                while (!atEnd() && peek() != '\n') {
                    advance();
                }
            } else if (c == '/' && lookingAt("/*")) {
                int cLine = line;
                int cCol = col;
                comments++;
                advance();
                advance();
                while (!atEnd() && !lookingAt("*/")) {
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

    /** A quoted string at the cursor, unescaped; strings cannot span lines. */
    String string() throws PolicyParseException {
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
            escape(sb);
        }
    }

    /** The character after a backslash, appended as it means. */
    private void escape(StringBuilder sb) throws PolicyParseException {
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

    /** A name at the cursor: a letter or '_', then letters, digits, '_', '-' or '.'. */
    String identifier() throws PolicyParseException {
        if (atEnd() || !isIdentStart(peek())) {
            throw error("expected a name but found " + (atEnd() ? "end of input" : describe(peek())));
        }
        int start = pos;
        while (!atEnd() && (isIdentStart(peek()) || Character.isDigit(peek()) || peek() == '-' || peek() == '.')) {
            advance();
        }
        return src.substring(start, pos);
    }

    /** A number at the cursor (a '-' or digit, then letters, digits and '.'), as written. */
    String number() {
        int start = pos;
        advance();
        while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '.')) {
            advance();
        }
        return src.substring(start, pos);
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    /** A character as an error message names it. */
    static String describe(char c) {
        if (c == '\n') {
            return "end of line";
        }
        if (Character.isISOControl(c)) {
            return String.format("character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    /** An error at the cursor. */
    PolicyParseException error(String message) {
        return new PolicyParseException(line, col, message);
    }
}
