/**
 * The FUSE edge (jnr-fuse): the one place where exceptions become errno values
 * ({@link dev.vipfs.fs.fuse.Errno}). {@link dev.vipfs.fs.fuse.VipfsFuse} takes the kernel's
 * calls, {@code TreeDispatch} parses each path once into a {@code TreePath} and hands it to its
 * tree's op set ({@code FuseTree}): the immutable content tree ({@code MOUNT/<cid>/<links>}, and
 * {@code by-name/}, {@code ipns/} through {@code NamedTreeOps}) to {@code ContentTree}, which uses
 * one class per op family ({@code AttrOps}, {@code DirOps}, {@code FileOps}, {@code XattrOps},
 * {@code AccessOps}); the writable {@code MOUNT/data} tree to {@code DataTree} over
 * {@link dev.vipfs.fs.fuse.WriteOps}. {@link dev.vipfs.fs.fuse.MountServices}
 * is what the ops share, built once per mount.
 */
package dev.vipfs.fs.fuse;
