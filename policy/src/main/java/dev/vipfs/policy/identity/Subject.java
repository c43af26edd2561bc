package dev.vipfs.policy.identity;

import dev.vipfs.policy.hcl.PolicyParseException;

/**
 * Who an identity binding is for: {@code uid:N}, {@code gid:N}, {@code user:NAME}, {@code group:NAME},
 * or {@code *} for every caller (an explicit open grant).
 */
public record Subject(Kind kind, String value) {
    /** The kinds of subject. */
    public enum Kind { UID, GID, USER, GROUP, ANY }

    /** Parses a subject string; the exception's position is 1:1 and callers re-anchor it. */
    public static Subject parse(String text) throws PolicyParseException {
        if (text.equals("*")) {
            return new Subject(Kind.ANY, "*");
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new PolicyParseException(1, 1, "subject \"" + text
                    + "\" must be uid:N, gid:N, user:NAME, group:NAME or *");
        }
        String kind = text.substring(0, colon);
        String value = text.substring(colon + 1);
        switch (kind) {
            case "uid", "gid" -> {
                try {
                    long n = Long.parseLong(value);
                    if (n < 0 || n > 0xFFFF_FFFFL) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new PolicyParseException(1, 1, "subject \"" + text + "\": '" + value
                            + "' is not a numeric " + kind);
                }
                return new Subject(kind.equals("uid") ? Kind.UID : Kind.GID, value);
            }
            case "user" -> {
                return new Subject(Kind.USER, value);
            }
            case "group" -> {
                return new Subject(Kind.GROUP, value);
            }
            default -> throw new PolicyParseException(1, 1, "subject \"" + text
                    + "\" must start with uid:, gid:, user: or group:");
        }
    }

    @Override
    public String toString() {
        return kind == Kind.ANY ? "*" : kind.name().toLowerCase() + ":" + value;
    }
}
