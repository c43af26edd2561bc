package dev.vipfs.policy.hcl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The characters of HCL: escapes, comments, names, numbers, and the position every error names. */
class HclScannerTest {
    private static HclScanner at(String text) throws PolicyParseException {
        HclScanner s = new HclScanner(text);
        s.skipSpace();
        return s;
    }

    @Test
    void stringEscapesAreDecoded() throws Exception {
        assertEquals("q\" b\\ s/ n\n t\t r\r \u00e9", at("\"q\\\" b\\\\ s\\/ n\\n t\\t r\\r \\u00e9\"").string());
    }

    @Test
    void aBadEscapeIsReportedWhereTheEscapeIs() throws Exception {
        PolicyParseException unknown = assertThrows(PolicyParseException.class, () -> at("  \"ab\\x\"").string());
        assertEquals(1, unknown.line());
        assertEquals(7, unknown.column());
        assertTrue(unknown.detail().contains("unknown escape '\\x'"), unknown.detail());
        PolicyParseException hex = assertThrows(PolicyParseException.class, () -> at("\"\\u12g4\"").string());
        assertEquals("invalid \\u escape '\\u12g4'", hex.detail());
        PolicyParseException cut = assertThrows(PolicyParseException.class, () -> at("\"\\u12").string());
        assertEquals("incomplete \\u escape", cut.detail());
    }

    @Test
    void anUnterminatedStringIsReportedWhereItStarts() throws Exception {
        PolicyParseException e = assertThrows(PolicyParseException.class, () -> at("\n\n   \"open\nrest\"").string());
        assertEquals(3, e.line());
        assertEquals(4, e.column());
        assertTrue(e.detail().contains("cannot span lines"), e.detail());
    }

    @Test
    void everyCommentKindIsSkippedAndCountedButAHashInAStringIsNot() throws Exception {
        HclScanner s = at("# one\n// two\n/* three\n still three */ \uFEFF\"a#b // c\"");
        assertEquals(3, s.comments());
        assertEquals(4, s.line());
        assertEquals("a#b // c", s.string());
        assertTrue(s.atEnd());
        PolicyParseException unclosed = assertThrows(PolicyParseException.class, () -> at("\n  /* never closed"));
        assertEquals(2, unclosed.line());
        assertEquals(3, unclosed.column());
        assertEquals("unterminated /* comment", unclosed.detail());
    }

    @Test
    void namesAndNumbersAreReadAsWritten() throws Exception {
        HclScanner s = at("policy-name.v2_x = -1.5e9]");
        assertEquals("policy-name.v2_x", s.identifier());
        s.skipSpace();
        s.advance(); // '='
        s.skipSpace();
        assertEquals("-1.5e9", s.number());
        assertEquals(']', s.peek());
        PolicyParseException notAName = assertThrows(PolicyParseException.class, () -> at("9lives").identifier());
        assertEquals("expected a name but found '9'", notAName.detail());
        PolicyParseException control = assertThrows(PolicyParseException.class, () -> at("\u0001").identifier());
        assertEquals("expected a name but found character U+0001", control.detail());
    }
}
