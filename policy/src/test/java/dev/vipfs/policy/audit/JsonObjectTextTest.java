package dev.vipfs.policy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The audit line's JSON is Jackson's default output, character for character, for any string. */
class JsonObjectTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String jackson(String name, String value, long number) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("seq", number);
            g.writeStringField(name, value);
            g.writeNumberField("n", -number);
            g.writeEndObject();
        }
        return out.toString();
    }

    private static String ours(String name, String value, long number) {
        return new JsonObjectText(16).field("seq", number).field(name, value).field("n", (Number) (-number)).close();
    }

    @Test
    void everyCharacterBelowTheSurrogatesAndThemIsEscapedAsJacksonDoes() throws Exception {
        for (int c = 0; c < 0x10000; c++) {
            String s = "a" + (char) c + "b" + (char) c;
            assertEquals(jackson("k", s, c), ours("k", s, c), "char " + Integer.toHexString(c));
        }
    }

    @Test
    void randomStringsMatch() throws Exception {
        Random r = new Random(16);
        char[] pool = {'"', '\\', '/', '\n', '\r', '\t', '\b', '\f', 0, 1, 0x1f, 0x7f, 0x80, 0xe9, 0x2028, 0xd83d, 0xde00, 'x', ' '};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int len = r.nextInt(40);
            for (int j = 0; j < len; j++) {
                b.append(r.nextInt(3) == 0 ? (char) r.nextInt(0x10000) : pool[r.nextInt(pool.length)]);
            }
            long n = r.nextLong();
            assertEquals(jackson("k\"" + i, b.toString(), n), ours("k\"" + i, b.toString(), n));
        }
    }

    @Test
    void unsetFieldsAreLeftOut() {
        assertEquals("{\"a\":\"x\"}", new JsonObjectText(8).field("a", "x").field("b", (String) null)
                .field("c", (Number) null).close());
    }
}
