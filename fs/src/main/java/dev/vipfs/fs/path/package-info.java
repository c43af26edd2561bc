/**
 * Paths of the content tree: {@link dev.vipfs.fs.path.MountPath} splits {@code /<cid>/<link>/...}
 * into its root in the one spelling and its link names; {@link dev.vipfs.fs.path.PathResolver} walks the
 * links, caching each (directory, name) step, which is safe because DAGs are immutable.
 */
package dev.vipfs.fs.path;
