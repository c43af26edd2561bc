package dev.vipfs.policy.hcl;


/** Entry points shared by policy and identity files: pick HCL or JSON by content, and quote strings for HCL output. */
public final class HclSyntax {
    private HclSyntax() { }

    /** Whether the document is Vault's JSON form: its first non-blank character is '{'. */
    public static boolean isJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && c != '\uFEFF') {
                return c == '{';
            }
        }
        return false;
    }

    /**
     * Reads a document as JSON or HCL, whichever {@link #isJson} says it is. A leading byte-order
     * mark (which some editors write) is not part of either syntax: JSON's parser refused it.
     */
    public static Node.Obj read(String text) throws PolicyParseException {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return isJson(body) ? JsonReader.read(body) : HclReader.read(body);
    }

    /** Whether the document has comments (only HCL can), which canonical output does not keep. */
    public static boolean hasComments(String text) throws PolicyParseException {
        return !isJson(text) && HclReader.countComments(text) > 0;
    }

    /** An HCL string literal for {@code s}, escaping quotes, backslashes and control characters. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
