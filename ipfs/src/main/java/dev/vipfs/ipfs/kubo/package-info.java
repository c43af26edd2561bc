/**
 * A Kubo daemon as a block store, over its RPC API ({@code /api/v0}) and gateway:
 * {@link dev.vipfs.ipfs.kubo.KuboRpcClient} makes the calls (over {@code KuboHttp}: endpoints, retries
 * of connection failures; {@code KuboReplies} reads the replies, Kubo's errors as exceptions; stream
 * trailers checked by {@code TrailerCheckedStream}), {@link dev.vipfs.ipfs.kubo.KuboBlockSource}
 * the {@code BlockStore} over it (verification, put cross-check, CAR streaming);
 * {@link dev.vipfs.ipfs.kubo.KuboAddress} reads where the API listens (multiaddr, URL or unix socket).
 */
package dev.vipfs.ipfs.kubo;
