/**
 * The FUSE edge (jnr-fuse): the one place where exceptions become errno values
 * ({@link dev.vipfs.fs.fuse.Errno}). {@link dev.vipfs.fs.fuse.VipfsFuse} dispatches the kernel's
 * calls: the immutable content tree ({@code MOUNT/<cid>/<links>}) to one class per op family
 * ({@code AttrOps}, {@code DirOps}, {@code FileOps}, {@code XattrOps}, {@code AccessOps}), the writable
 * {@code MOUNT/data} tree to {@link dev.vipfs.fs.fuse.WriteOps}. {@link dev.vipfs.fs.fuse.MountServices}
 * is what the ops share, built once per mount.
 */
package dev.vipfs.fs.fuse;
