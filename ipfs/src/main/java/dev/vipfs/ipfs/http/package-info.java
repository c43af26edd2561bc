/**
 * HTTP plumbing shared by the sources that fetch blocks over HTTP (Kubo's RPC API and gateway,
 * trustless gateways): OkHttp clients, bounded bodies, streamed uploads. Knows nothing of blocks;
 * verifying what arrives is the sources' job (through {@link dev.vipfs.ipfs.block.BlockVerifier}).
 */
package dev.vipfs.ipfs.http;
