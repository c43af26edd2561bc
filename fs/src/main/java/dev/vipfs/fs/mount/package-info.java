/**
 * The mountpoint and the FUSE mount options: what a mountpoint must be before vipfs mounts on it
 * ({@link dev.vipfs.fs.mount.Mounts}, from the kernel's mount table), the options vipfs passes
 * ({@link dev.vipfs.fs.mount.MountOptions}) and the mount's kernel read-ahead window
 * ({@link dev.vipfs.fs.mount.KernelReadAhead}).
 */
package dev.vipfs.fs.mount;
