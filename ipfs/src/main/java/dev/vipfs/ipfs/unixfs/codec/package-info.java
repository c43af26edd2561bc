/**
 * The bottom of UnixFS: what one block says, decoded from untrusted bytes with nothing followed.
 * <ul>
 * <li>{@link dev.vipfs.ipfs.unixfs.codec.UnixfsData}: the UnixFS {@code Data} protobuf of the UnixFS
 *     spec (specs.ipfs.tech/unixfs), encoded field for field as boxo does and decoded strictly
 *     ({@link dev.vipfs.ipfs.unixfs.codec.UnixfsFormatException} on anything malformed);</li>
 * <li>{@link dev.vipfs.ipfs.unixfs.codec.DecodedNode}: a block under its CID, either raw bytes or a
 *     dag-pb node (IPLD dag-pb spec, decoded by {@code ipfs.dagpb}) whose Data is UnixFS, and
 *     {@link dev.vipfs.ipfs.unixfs.codec.NodeLoader}, how a walk gets one;</li>
 * <li>the node model the filesystem sees: {@link dev.vipfs.ipfs.unixfs.codec.UnixfsKind} and
 *     {@link dev.vipfs.ipfs.unixfs.codec.FileLink}, one link of a file root.</li>
 * </ul>
 * The other UnixFS packages build on this one and it on none of them: {@code unixfs.reader} reads
 * files, {@code unixfs.directory} lists directories and HAMT shards, {@code unixfs.importer} writes.
 */
package dev.vipfs.ipfs.unixfs.codec;
