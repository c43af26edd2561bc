package dev.vipfs.policy.hcl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads Vault's JSON policy form into the same {@link Node} tree as {@link HclReader}, keeping positions. */
public final class JsonReader {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build();

    private JsonReader() { }

    /** Parses a JSON document whose top level must be an object. */
    public static Node.Obj read(String text) throws PolicyParseException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                JsonLocation l = p.currentTokenLocation();
                throw new PolicyParseException(line(l), col(l), "a JSON policy must be an object");
            }
            Node.Obj obj = (Node.Obj) value(p);
            if (p.nextToken() != null) {
                JsonLocation l = p.currentTokenLocation();
                throw new PolicyParseException(line(l), col(l), "unexpected content after the JSON object");
            }
            return obj;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            throw new PolicyParseException(l == null ? 1 : line(l), l == null ? 1 : col(l),
                    "invalid JSON: " + (nl < 0 ? msg : msg.substring(0, nl)));
        } catch (IOException e) {
            throw new PolicyParseException(1, 1, "cannot read JSON: " + e.getMessage());
        }
    }

    private static Node value(JsonParser p) throws IOException, PolicyParseException {
        JsonLocation l = p.currentTokenLocation();
        int line = line(l);
        int col = col(l);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                List<Node.Member> members = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    JsonLocation kl = p.currentTokenLocation();
                    String key = p.currentName();
                    p.nextToken();
                    members.add(new Node.Member(key, value(p), line(kl), col(kl)));
                }
                return new Node.Obj(members, line, col);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p));
                }
                return new Node.Arr(items, line, col);
            }
            case VALUE_STRING -> {
                return new Node.Str(p.getText(), line, col);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Node.Num(p.getText(), line, col);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node.Bool(t == JsonToken.VALUE_TRUE, line, col);
            }
            default -> throw new PolicyParseException(line, col, "unexpected JSON " + t.asString());
        }
    }

    private static int line(JsonLocation l) {
        return Math.max(1, l.getLineNr());
    }

    private static int col(JsonLocation l) {
        return Math.max(1, l.getColumnNr());
    }
}
