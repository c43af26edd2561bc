package dev.vipfs.crypto.envelope;

/** Where one sealed segment is written: an array and the offset its bytes start at. */
public interface SealedSlot {
    /** The array the sealed bytes go into. */
    byte[] array();

    /** The index in {@link #array()} of the first sealed byte. */
    int offset();
}
