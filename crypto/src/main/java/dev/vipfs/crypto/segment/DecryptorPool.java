package dev.vipfs.crypto.segment;

import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Cipher;

/**
 * AES-GCM decryptors shared by every thread: a call takes one and gives it back. Unlike one per
 * thread, a decryptor made and initialised while a daemon warms up is the one a serving thread
 * uses later, so the JIT's code for re-initialising a used decryptor is all a new thread runs
 * (a new thread's first initialisation trapped out of that code and back to the interpreter:
 * docs/benchmarks.md, "Compilers behind requests"). Lock-free, allocation-free; when every slot is
 * taken a caller makes a new decryptor, and one given back to a full pool is dropped.
 */
final class DecryptorPool {
    /** More than the threads that decrypt at once: the mount's workers and prefetch threads. */
    private static final int SLOTS = 32;
    private final AtomicReferenceArray<Cipher> slots = new AtomicReferenceArray<>(SLOTS);

    /** A decryptor from the pool, or null when none is free. */
    Cipher take() {
        for (int i = 0; i < SLOTS; i++) {
            Cipher c = slots.get(i);
            if (c != null && slots.compareAndSet(i, c, null)) {
                return c;
            }
        }
        return null;
    }

    /** Puts {@code c} back for the next caller (dropped when the pool is full). */
    void give(Cipher c) {
        for (int i = 0; i < SLOTS; i++) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, c)) {
                return;
            }
        }
    }
}
