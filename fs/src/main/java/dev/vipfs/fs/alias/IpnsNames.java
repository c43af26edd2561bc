package dev.vipfs.fs.alias;

import java.util.regex.Pattern;

/** What can stand after {@code ipns/}: a libp2p key in base36 ({@code k51…}) or a DNSLink domain. */
public final class IpnsNames {
    private static final Pattern KEY = Pattern.compile("k[0-9a-z]{20,100}");
    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    private IpnsNames() { }

    /** Whether {@code name} looks like a base36 libp2p key. */
    public static boolean isKey(String name) {
        return KEY.matcher(name).matches();
    }

    /** Whether {@code name} can be an IPNS name at all (a key, or a lower-case domain for DNSLink). */
    public static boolean plausible(String name) {
        return isKey(name) || DOMAIN.matcher(name).matches();
    }
}
