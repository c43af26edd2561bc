/**
 * Local names for trees: {@link dev.vipfs.fs.alias.AliasStore} keeps {@code catalog/aliases.json}
 * (replaced atomically, re-read when it changes) mapping a name to a CID or an IPNS name, which the
 * mount shows as {@code MOUNT/by-name/NAME}. Policy is decided on the alias path and on the
 * content's canonical path (docs/ipns.md, docs/policy.md).
 */
package dev.vipfs.fs.alias;
