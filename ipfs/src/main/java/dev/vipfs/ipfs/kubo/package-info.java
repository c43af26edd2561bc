/**
 * A Kubo daemon as a block store, over its RPC API ({@code /api/v0}) and gateway:
 * {@link dev.vipfs.ipfs.kubo.KuboRpcClient} is the transport (endpoints, retries of connection
 * failures, Kubo's errors and stream trailers as exceptions), {@link dev.vipfs.ipfs.kubo.KuboBlockSource}
 * the {@code BlockStore} over it (verification, put cross-check, CAR streaming);
 * {@link dev.vipfs.ipfs.kubo.KuboAddress} reads where the API listens (multiaddr, URL or unix socket).
 */
package dev.vipfs.ipfs.kubo;
