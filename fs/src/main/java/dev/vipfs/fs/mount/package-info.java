/**
 * The mountpoint and the FUSE mount options: what a mountpoint must be before vipfs mounts on it
 * ({@link dev.vipfs.fs.mount.Mounts}, from the kernel's mount table) and the options vipfs passes
 * ({@link dev.vipfs.fs.mount.MountOptions}).
 */
package dev.vipfs.fs.mount;
