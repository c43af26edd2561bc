/**
 * IPNS names and records, per the IPNS record specification (specs.ipfs.tech/ipns/ipns-record):
 * {@link dev.vipfs.ipfs.ipns.IpnsName} parses a {@code k51…} name into the Ed25519 key it embeds;
 * {@link dev.vipfs.ipfs.ipns.IpnsRecord} decodes a record and verifies it (size limit, V2 signature
 * over the DAG-CBOR data, key from the name, V1 fields matching, validity); {@link
 * dev.vipfs.ipfs.ipns.IpnsRecordWriter} makes and signs records; resolvers fetch records
 * ({@link dev.vipfs.ipfs.ipns.GatewayRecords}, {@code ?format=ipns-record}) and cache answers for
 * their TTL ({@link dev.vipfs.ipfs.ipns.CachingNameResolver}). Formats and vectors: docs/ipns.md.
 */
package dev.vipfs.ipfs.ipns;
