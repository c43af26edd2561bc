/**
 * Multiformats (github.com/multiformats): {@link dev.vipfs.ipfs.cid.Cid} (CIDv0 and CIDv1),
 * {@link dev.vipfs.ipfs.cid.Multihash}, {@link dev.vipfs.ipfs.cid.Multibase},
 * {@link dev.vipfs.ipfs.cid.Multicodec} and the unsigned {@link dev.vipfs.ipfs.cid.Varint} they and
 * CAR streams are built from.
 * <pre>
 *   CIDv1 = varint(1) varint(codec) multihash      multihash = varint(code) varint(length) digest
 *   CIDv0 = the sha2-256 multihash of a dag-pb block (0x12 0x20 + 32 bytes)
 * </pre>
 */
package dev.vipfs.ipfs.cid;
