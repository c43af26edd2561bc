package dev.vipfs.ipfs.kubo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.http.HttpTransport;
import java.io.IOException;
import java.util.Locale;
import okhttp3.Response;

/**
 * What Kubo's RPC API answers, read: JSON replies bounded in size, CIDs in them, and error replies
 * ({@code {"Message": …}}) as exceptions, Kubo's "not found" as {@link BlockNotFoundException} and
 * the rest as {@link KuboApiException} with a hint for the usual causes.
 */
final class KuboReplies {
    /** The largest JSON reply read; a reply of one object is far smaller. */
    static final int MAX_REPLY = HttpTransport.MAX_ERROR_BODY;
    private static final ObjectMapper JSON = new ObjectMapper();

    private KuboReplies() {
    }

    /** A successful reply's body as one JSON object, at most {@link #MAX_REPLY} bytes ({@code what} names it). */
    static JsonNode json(Response r, String what) throws IOException {
        return JSON.readTree(HttpTransport.readBounded(r.body(), MAX_REPLY, what));
    }

    /** One line of a reply that streams JSON objects, one a line. */
    static JsonNode jsonLine(String line) throws IOException {
        return JSON.readTree(line);
    }

    /** Builds the exception for a failed response, mapping Kubo's "not found" to BlockNotFoundException. */
    static IOException failure(Response r, String what, Cid cid, KuboAddress address) {
        String body = HttpTransport.errorText(r);
        String message;
        try {
            JsonNode node = JSON.readTree(body);
            message = node != null && node.hasNonNull("Message") ? node.get("Message").asText() : body.trim();
        } catch (IOException notJson) {
            message = body.trim();
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (cid != null && (lower.contains("not found") || lower.contains("could not find"))) {
            return new BlockNotFoundException("block " + cid + " not found via Kubo at " + address + ": " + message);
        }
        String hint = "";
        if (r.code() == 401 || r.code() == 403) {
            hint = " (check the API auth secret against Kubo's API.Authorizations)";
        } else if (r.code() == 404) {
            hint = " (is " + address + " really a Kubo RPC API?)";
        }
        return new KuboApiException(r.code(), "Kubo " + what + " failed with HTTP " + r.code() + ": " + message + hint);
    }

    /** A CID Kubo replied with. */
    static Cid cid(String text, String what) throws IOException {
        try {
            return Cid.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("Kubo " + what + " replied with an unparseable CID '" + text + "': " + e.getMessage(), e);
        }
    }
}
