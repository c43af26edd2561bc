package dev.vipfs.crypto.keys;

import java.util.regex.Pattern;

/**
 * Key names: they name the key's files in the keyring directory ({@code <name>.json},
 * {@code <name>.v<N>.key}), so they are short and hold no path separator or leading dot.
 */
final class KeyName {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private KeyName() {
    }

    static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static void requireValid(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("key name '" + name + "' is invalid: use 1-64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
    }
}
