package dev.vipfs.ipfs.kubo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns a Kubo {@code API.Authorizations} secret ({@code basic:user:password} or
 * {@code bearer:token}, as given to {@code ipfs --api-auth}) into an Authorization header value.
 */
public final class KuboAuthorization {
    private KuboAuthorization() {
    }

    /**
     * Returns the header value for a secret.
     *
     * @throws IllegalArgumentException if the secret is not {@code basic:user:password} or {@code bearer:token}
     */
    public static String headerValue(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("Kubo API auth secret is empty; use basic:<user>:<password> or bearer:<token>");
        }
        int colon = secret.indexOf(':');
        String kind = colon < 0 ? "" : secret.substring(0, colon);
        String rest = colon < 0 ? "" : secret.substring(colon + 1);
        if (kind.equalsIgnoreCase("basic") && rest.contains(":")) {
            return "Basic " + Base64.getEncoder().encodeToString(rest.getBytes(StandardCharsets.UTF_8));
        }
        if (kind.equalsIgnoreCase("bearer") && !rest.isEmpty()) {
            return "Bearer " + rest;
        }
        throw new IllegalArgumentException("Kubo API auth secret must be basic:<user>:<password> or bearer:<token>"
                + " (the format of Kubo's API.Authorizations AuthSecret)");
    }
}
