package dev.vipfs.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/** The warm-up's stanzas open to the keys sealed in them (its self-check would otherwise throw). */
class StanzaWarmupTest {
    @Test
    void sealsAndOpensThrowawayStanzas() {
        assertDoesNotThrow(() -> StanzaWarmup.run(3));
    }
}
