/**
 * The dag-pb codec, strict as the IPLD dag-pb spec (ipld.io/specs/codecs/dag-pb) requires: links
 * before data, link fields in order and at most once, no unknown fields, UTF-8 names; encoding is
 * byte-identical to boxo's. {@link dev.vipfs.ipfs.dagpb.DagPbCodec} decodes
 * and encodes {@link dev.vipfs.ipfs.dagpb.PbNode}s over a bounds-checked protobuf reader and writer.
 */
package dev.vipfs.ipfs.dagpb;
