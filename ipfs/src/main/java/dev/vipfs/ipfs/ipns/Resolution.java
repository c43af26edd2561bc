package dev.vipfs.ipfs.ipns;

import dev.vipfs.ipfs.cid.Cid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a name points to: a root CID and links below it ({@code /ipfs/<cid>/a/b}), and for how long
 * the answer may be reused before asking again.
 */
public record Resolution(Cid root, List<String> links, Duration ttl) {

    /** Parses a record's value, {@code /ipfs/<cid>[/links…]}. */
    public static Resolution ofValue(String value, Duration ttl) throws IpnsRecordException {
        String v = value.trim();
        if (!v.startsWith("/ipfs/")) {
            throw new IpnsRecordException("the name points to '" + v + "', not to an /ipfs/ path this mount can serve");
        }
        List<String> parts = new ArrayList<>();
        for (String p : v.substring("/ipfs/".length()).split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        if (parts.isEmpty()) {
            throw new IpnsRecordException("the name points to '" + v + "', which has no CID");
        }
        try {
            return new Resolution(Cid.parse(parts.get(0)), List.copyOf(parts.subList(1, parts.size())), ttl);
        } catch (IllegalArgumentException e) {
            throw new IpnsRecordException("the name points to '" + v + "': " + e.getMessage());
        }
    }
}
