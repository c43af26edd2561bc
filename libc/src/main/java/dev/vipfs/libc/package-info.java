/**
 * The project's one binding of the C library ({@link dev.vipfs.libc.Libc}). A leaf module: ipfs,
 * policy and mount-helper all need libc and must not depend on one another (docs/architecture.md).
 */
package dev.vipfs.libc;
