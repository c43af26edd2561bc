package dev.vipfs.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.Map;

/** The control protocol's one JSON encoding: a compact line per answer. */
public final class ControlJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ControlJson() { }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(String line) {
        try {
            return MAPPER.readValue(line, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the daemon's answer is not JSON: " + line);
        }
    }
}
