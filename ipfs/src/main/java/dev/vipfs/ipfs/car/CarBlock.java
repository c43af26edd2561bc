package dev.vipfs.ipfs.car;

import dev.vipfs.ipfs.cid.Cid;

/** One block section of a CAR stream: a CID and the bytes that hash to it. */
public record CarBlock(Cid cid, byte[] data) {
}
