/**
 * CAR streams (CARv1 and the v1 payload of CARv2; spec: ipld.io/specs/transport/car, docs/car.md):
 * <pre>
 *   varint(len(header)) header          DAG-CBOR {"roots": [CID...], "version": 1}
 *   varint(len(cid)+len(block)) cid block   one section per block, to the end of the stream
 * </pre>
 * {@link dev.vipfs.ipfs.car.CarReader} verifies every section's block against its CID;
 * {@link dev.vipfs.ipfs.car.CarExporter} writes a DAG in the order of Kubo's {@code ipfs dag export}.
 */
package dev.vipfs.ipfs.car;
