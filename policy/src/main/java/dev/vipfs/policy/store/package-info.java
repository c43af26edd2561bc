/**
 * The policy files of a home: {@code policies/NAME.hcl|.json} and {@code identities.hcl|.json}.
 * {@link dev.vipfs.policy.store.PolicyHome} reads them, {@link dev.vipfs.policy.store.PolicyStore} writes
 * them for the CLI (validated first, replaced atomically, so a reloading mount never sees half a file),
 * keeping the group read access a shared service home needs ({@link dev.vipfs.policy.store.SharedMode}).
 */
package dev.vipfs.policy.store;
