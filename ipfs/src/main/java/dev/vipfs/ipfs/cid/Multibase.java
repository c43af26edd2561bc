package dev.vipfs.ipfs.cid;

import java.io.ByteArrayOutputStream;

/** Multibase encodings for CID text: each has its one-character prefix. */
public enum Multibase {
    BASE58BTC('z'),
    BASE32('b'),
    BASE32_UPPER('B'),
    BASE36('k'),
    BASE16('f');

    private static final String B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String B36 = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String B32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String B16 = "0123456789abcdef";

    private final char prefix;

    Multibase(char prefix) {
        this.prefix = prefix;
    }

    /** The multibase prefix character. */
    public char prefix() {
        return prefix;
    }

    /** The encoding for a prefix character, or null if unsupported. */
    public static Multibase forPrefix(char c) {
        for (Multibase b : values()) {
            if (b.prefix == c) {
                return b;
            }
        }
        return null;
    }

    /** Encodes without the prefix. */
    public String encode(byte[] data) {
        switch (this) {
            case BASE58BTC:
                return encodeRadix(data, B58);
            case BASE36:
                return encodeRadix(data, B36);
            case BASE32:
                return encodeBase32(data);
            case BASE32_UPPER:
                return encodeBase32(data).toUpperCase(java.util.Locale.ROOT);
            case BASE16:
            default:
                StringBuilder sb = new StringBuilder(data.length * 2);
                for (byte b : data) {
                    sb.append(B16.charAt((b >> 4) & 0xF)).append(B16.charAt(b & 0xF));
                }
                return sb.toString();
        }
    }

    /** Decodes text without the prefix; throws IllegalArgumentException naming the bad character. */
    public byte[] decode(String text) {
        switch (this) {
            case BASE58BTC:
                return decodeRadix(text, B58);
            case BASE36:
                return decodeRadix(text.toLowerCase(java.util.Locale.ROOT), B36);
            case BASE32:
                return decodeBase32(text);
            case BASE32_UPPER:
                return decodeBase32(text.toLowerCase(java.util.Locale.ROOT));
            case BASE16:
            default:
                String t = text.toLowerCase(java.util.Locale.ROOT);
                if (t.length() % 2 != 0) {
                    throw new IllegalArgumentException("odd number of hex digits");
                }
                byte[] out = new byte[t.length() / 2];
                for (int i = 0; i < out.length; i++) {
                    int hi = B16.indexOf(t.charAt(2 * i));
                    int lo = B16.indexOf(t.charAt(2 * i + 1));
                    if (hi < 0 || lo < 0) {
                        throw new IllegalArgumentException("invalid hex digit near position " + (2 * i));
                    }
                    out[i] = (byte) (hi << 4 | lo);
                }
                return out;
        }
    }

    /** Text with the multibase prefix. */
    public String encodeWithPrefix(byte[] data) {
        return prefix + encode(data);
    }

    private static String encodeBase32(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(B32.charAt((buffer >> (bits - 5)) & 0x1F));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(B32.charAt((buffer << (5 - bits)) & 0x1F));
        }
        return sb.toString();
    }

    private static byte[] decodeBase32(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            int v = B32.indexOf(text.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("invalid base32 character '" + text.charAt(i) + "' at position " + i);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    private static String encodeRadix(byte[] data, String alphabet) {
        int base = alphabet.length();
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        byte[] input = data.clone();
        char[] out = new char[data.length * 2 + 1];
        int outPos = out.length;
        int start = zeros;
        while (start < input.length) {
            int rem = 0;
            for (int i = start; i < input.length; i++) {
                int acc = rem * 256 + (input[i] & 0xFF);
                input[i] = (byte) (acc / base);
                rem = acc % base;
            }
            out[--outPos] = alphabet.charAt(rem);
            while (start < input.length && input[start] == 0) {
                start++;
            }
        }
        StringBuilder sb = new StringBuilder(zeros + out.length - outPos);
        for (int i = 0; i < zeros; i++) {
            sb.append(alphabet.charAt(0));
        }
        return sb.append(out, outPos, out.length - outPos).toString();
    }

    private static byte[] decodeRadix(String text, String alphabet) {
        int base = alphabet.length();
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == alphabet.charAt(0)) {
            zeros++;
        }
        byte[] buf = new byte[text.length()];
        int len = 0; // bytes in use, little end at index 0
        for (int i = zeros; i < text.length(); i++) {
            int carry = alphabet.indexOf(text.charAt(i));
            if (carry < 0) {
                throw new IllegalArgumentException("invalid character '" + text.charAt(i) + "' at position " + i);
            }
            for (int j = 0; j < len; j++) {
                carry += (buf[j] & 0xFF) * base;
                buf[j] = (byte) carry;
                carry >>= 8;
            }
            while (carry > 0) {
                buf[len++] = (byte) carry;
                carry >>= 8;
            }
        }
        byte[] out = new byte[zeros + len];
        for (int j = 0; j < len; j++) {
            out[zeros + j] = buf[len - 1 - j];
        }
        return out;
    }
}
