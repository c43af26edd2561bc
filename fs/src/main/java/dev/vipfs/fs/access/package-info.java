/**
 * The policy at the mount (docs/policy.md, docs/security.md). {@link dev.vipfs.fs.access.AccessGate}
 * is the one place that asks the policy and writes the audit trail (no audit line, no access);
 * {@link dev.vipfs.fs.access.ContentGate} is the order every content-tree request follows:
 * <pre>
 *   MountPath ─&gt; AccessGate.require (path as named) ─&gt; PathResolver ─&gt; NameIndex.of(cid)
 *                                                               ─&gt; AccessGate.requireUnderEveryName
 * </pre>
 */
package dev.vipfs.fs.access;
