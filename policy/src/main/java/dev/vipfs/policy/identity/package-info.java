/**
 * Who a policy applies to: {@link dev.vipfs.policy.identity.IdentityBindings} maps uids, gids, user
 * and group names ({@link dev.vipfs.policy.identity.Subject}) to policy names; names resolve through
 * NSS ({@link dev.vipfs.policy.identity.UnixAccounts}) when the bindings are loaded.
 */
package dev.vipfs.policy.identity;
