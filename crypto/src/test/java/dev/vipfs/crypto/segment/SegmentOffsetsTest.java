package dev.vipfs.crypto.segment;

import static dev.vipfs.crypto.segment.SegmentOffsets.CIPHER_SEGMENT;
import static dev.vipfs.crypto.segment.SegmentOffsets.PLAIN_SEGMENT;
import static dev.vipfs.crypto.segment.SegmentOffsets.TAG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentOffsetsTest {
    @Test
    void boundarySizes() {
        assertEquals(TAG, SegmentOffsets.payloadLength(0));
        assertEquals(1 + TAG, SegmentOffsets.payloadLength(1));
        assertEquals(PLAIN_SEGMENT - 1 + TAG, SegmentOffsets.payloadLength(PLAIN_SEGMENT - 1));
        assertEquals(CIPHER_SEGMENT, SegmentOffsets.payloadLength(PLAIN_SEGMENT));
        assertEquals(CIPHER_SEGMENT + 1 + TAG, SegmentOffsets.payloadLength(PLAIN_SEGMENT + 1));
        assertEquals(3L * CIPHER_SEGMENT, SegmentOffsets.payloadLength(3L * PLAIN_SEGMENT));
        assertEquals(1, SegmentOffsets.segmentCount(0));
        assertEquals(1, SegmentOffsets.segmentCount(PLAIN_SEGMENT));
        assertEquals(2, SegmentOffsets.segmentCount(PLAIN_SEGMENT + 1));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 15, 16, 17, PLAIN_SEGMENT - 1, PLAIN_SEGMENT, PLAIN_SEGMENT + 1, 2L * PLAIN_SEGMENT,
            2L * PLAIN_SEGMENT + 16, 1L << 40, (1L << 40) + 12345})
    void plaintextLengthInvertsPayloadLength(long plain) {
        long payload = SegmentOffsets.payloadLength(plain);
        assertEquals(plain, SegmentOffsets.plaintextLength(payload));
        long count = SegmentOffsets.segmentCount(plain);
        assertEquals(count, SegmentOffsets.segmentCountOfPayload(payload));
        long sum = 0;
        for (long i = Math.max(0, count - 3); i < count; i++) {
            assertEquals(i == count - 1, SegmentOffsets.isLast(i, payload));
        }
        for (long i = 0; i < count; i++) {
            sum += SegmentOffsets.cipherSegmentLength(i, payload);
            if (i == 2 && count > 6) {
                sum += (count - 4) * (long) CIPHER_SEGMENT;
                i = count - 2;
            }
        }
        assertEquals(payload, sum);
    }

    @Test
    void everyPayloadLengthNearBoundariesIsEitherValidOrRejected() {
        for (long payload = 0; payload < 3L * CIPHER_SEGMENT + 40; payload++) {
            long p = payload;
            boolean valid;
            try {
                long plain = SegmentOffsets.plaintextLength(p);
                assertEquals(p, SegmentOffsets.payloadLength(plain), "payload " + p);
                valid = true;
            } catch (IllegalArgumentException e) {
                valid = false;
            }
            long rest = p % CIPHER_SEGMENT;
            boolean expected = p >= TAG && (rest == 0 || rest > TAG || (rest == TAG && p == TAG));
            assertEquals(expected, valid, "payload " + p);
        }
    }

    @Test
    void impossiblePayloadsAreRejectedWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SegmentOffsets.plaintextLength(5));
        assertTrue(e.getMessage().contains("too short"));
        assertThrows(IllegalArgumentException.class, () -> SegmentOffsets.plaintextLength(CIPHER_SEGMENT + TAG));
        assertThrows(IllegalArgumentException.class, () -> SegmentOffsets.plaintextLength(CIPHER_SEGMENT + 3));
        assertThrows(IllegalArgumentException.class, () -> SegmentOffsets.payloadLength(-1));
        assertThrows(IllegalArgumentException.class, () -> SegmentOffsets.cipherSegmentLength(2, CIPHER_SEGMENT + 20));
        assertThrows(IllegalArgumentException.class, () -> SegmentOffsets.isLast(-1, TAG));
    }

    @Test
    void offsets() {
        assertEquals(0, SegmentOffsets.segmentIndex(0));
        assertEquals(0, SegmentOffsets.segmentIndex(PLAIN_SEGMENT - 1));
        assertEquals(1, SegmentOffsets.segmentIndex(PLAIN_SEGMENT));
        assertEquals(2L * CIPHER_SEGMENT, SegmentOffsets.cipherOffset(2));
        assertEquals(2L * PLAIN_SEGMENT, SegmentOffsets.plainOffset(2));
        assertEquals(TAG + 5, SegmentOffsets.cipherSegmentLength(1, CIPHER_SEGMENT + TAG + 5));
        assertEquals(CIPHER_SEGMENT, SegmentOffsets.cipherSegmentLength(0, CIPHER_SEGMENT + TAG + 5));
        assertFalse(SegmentOffsets.isLast(0, CIPHER_SEGMENT + TAG + 5));
        assertTrue(SegmentOffsets.isLast(0, TAG));
    }
}
