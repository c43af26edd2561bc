/**
 * Blocks from trustless HTTP gateways (specs.ipfs.tech/http-gateways/trustless-gateway):
 * {@link dev.vipfs.ipfs.gateway.GatewayBlockSource} asks each gateway in order for
 * {@code application/vnd.ipld.raw}; a lie, a failure or a 404 moves on to the next, and only verified
 * blocks reach its cache.
 */
package dev.vipfs.ipfs.gateway;
