package dev.vipfs.ipfs.kubo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.ipns.NameNotFoundException;
import dev.vipfs.ipfs.ipns.NameResolver;
import dev.vipfs.ipfs.ipns.Resolution;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * IPNS through Kubo's RPC API: {@code name/resolve} (keys and DNSLink domains; Kubo verifies the
 * records itself), {@code name/publish} and {@code key/list} (the private keys stay in Kubo).
 */
public final class KuboNames implements NameResolver {
    /** A key Kubo holds: its name in {@code ipfs key list} and its IPNS name. */
    public record Key(String name, String id) { }

    private final KuboRpcClient client;
    private final Duration answerTtl;

    /**
     * @param answerTtl how long a resolution may be reused: name/resolve does not report the
     *                  record's own TTL, so the caller chooses
     */
    public KuboNames(KuboRpcClient client, Duration answerTtl) {
        this.client = client;
        this.answerTtl = answerTtl;
    }

    @Override
    public Resolution resolve(String name) throws IOException {
        JsonNode reply;
        try {
            reply = client.callJson("name/resolve", Map.of("arg", "/ipns/" + name, "recursive", "true"),
                    "name/resolve " + name);
        } catch (KuboApiException e) {
            String m = e.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("could not resolve") || m.contains("not found") || m.contains("no link named")) {
                throw new NameNotFoundException("no record for /ipns/" + name + " via Kubo at " + client.address()
                        + " (never published, or no peer that holds it is connected): " + e.getMessage());
            }
            throw e;
        }
        return Resolution.ofValue(reply.path("Path").asText(), answerTtl);
    }

    /**
     * Publishes {@code /ipfs/<cid>} under {@code key} (a name from {@link #keys()}; "self" is the
     * node's own); returns the IPNS name.
     */
    public String publish(String key, Cid cid, Duration ttl, Duration lifetime) throws IOException {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("arg", "/ipfs/" + cid);
        args.put("key", key);
        args.put("ttl", ttl.toSeconds() + "s");
        args.put("lifetime", lifetime.toSeconds() + "s");
        // A node with no peers yet still stores the record and serves it once they connect.
        args.put("allow-offline", "true");
        return client.callJson("name/publish", args, "name/publish to key " + key).path("Name").asText();
    }

    /** The keys Kubo holds. */
    public List<Key> keys() throws IOException {
        JsonNode reply = client.callJson("key/list", Map.of("l", "true", "ipns-base", "base36"), "key/list");
        List<Key> out = new java.util.ArrayList<>();
        for (JsonNode k : reply.path("Keys")) {
            out.add(new Key(k.path("Name").asText(), k.path("Id").asText()));
        }
        return out;
    }
}
