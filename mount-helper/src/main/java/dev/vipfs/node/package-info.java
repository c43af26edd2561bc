/**
 * Node wiring, the composition root: everything that assembles a home's stores, caches, keyring,
 * policies and the filesystem. {@link dev.vipfs.node.VipfsHome} and {@link dev.vipfs.node.Config}
 * say where and what; {@link dev.vipfs.node.StoreFactory} opens the configured block store,
 * {@link dev.vipfs.node.Node} puts the reader and caches in front of it
 * ({@code UnixfsReader(interior cache) -> CachingBlockSource -> store}, docs/architecture.md),
 * {@link dev.vipfs.node.AccessSetup} opens policies and the audit log,
 * {@link dev.vipfs.node.MountAssembly} builds what one mount's FUSE operations share (inspector,
 * resolver, name index, content gate, prefetch threads, content opener) and
 * {@link dev.vipfs.node.MountSession} mounts all that. Root's side of a service home
 * ({@link dev.vipfs.node.ServiceState}, {@link dev.vipfs.node.StoreOwner}, docs/service-security.md)
 * is here because opening a node depends on it; the privilege primitives it uses are in
 * {@code dev.vipfs.privilege}.
 */
package dev.vipfs.node;
