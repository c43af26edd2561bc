package dev.vipfs.crypto.envelope;

import java.security.SecureRandom;

/** A "random" source for known-answer tests: emits start, start+1, … (mod 256), never anything random. */
final class CountingRandom extends SecureRandom {
    private int next;

    CountingRandom(int start) {
        this.next = start;
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) next++;
        }
    }
}
