package dev.vipfs.ipfs.ipns;

import java.io.IOException;
import java.time.Clock;

/**
 * Resolves {@code k51…} names from signed records fetched by a {@link RecordSource}, each verified
 * against the name's own key before its value is believed: whoever serves the record (a public
 * gateway, a Kubo daemon) can withhold it but not forge it.
 */
public final class RecordNameResolver implements NameResolver {
    /** Where signed records come from. */
    @FunctionalInterface
    public interface RecordSource {
        /** The record's bytes, at most {@link IpnsRecord#MAX_BYTES}; NameNotFoundException when there is none. */
        byte[] fetch(IpnsName name) throws IOException;
    }

    private final RecordSource source;
    private final Clock clock;

    public RecordNameResolver(RecordSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    @Override
    public Resolution resolve(String name) throws IOException {
        IpnsName parsed = IpnsName.parse(name);
        IpnsRecord record = IpnsRecord.verify(parsed, source.fetch(parsed), clock.instant());
        // Reusing the answer past the record's own end of life would serve a record no longer valid.
        java.time.Duration untilEol = java.time.Duration.between(clock.instant(), record.validity());
        return Resolution.ofValue(record.value(), record.ttl().compareTo(untilEol) < 0 ? record.ttl() : untilEol);
    }
}
