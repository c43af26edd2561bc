package dev.vipfs.ipfs.ipns;

import java.io.IOException;

/** Turns an IPNS name ({@code k51…} key or DNSLink domain) into the content path it currently points to. */
public interface NameResolver {
    /**
     * @param name the part after {@code /ipns/}
     * @throws NameNotFoundException when no record exists for the name
     * @throws IpnsRecordException   when a record exists but is expired, forged or malformed
     */
    Resolution resolve(String name) throws IOException;
}
