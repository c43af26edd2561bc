/**
 * Vault ACL policies: {@link dev.vipfs.policy.acl.PolicyParser} reads {@code path "..." { capabilities = [...] }}
 * stanzas into a {@link dev.vipfs.policy.acl.Policy}, {@link dev.vipfs.policy.acl.AclEvaluator} compiles a
 * set of them for matching with Vault's precedence (an exact rule, else the highest-priority glob or
 * {@code +} rule; {@code deny} on a pattern overrides the rest; no match denies), {@link dev.vipfs.policy.acl.PolicyFormatter} prints canonical HCL.
 */
package dev.vipfs.policy.acl;
