/**
 * Vault ACL policies: {@link dev.vipfs.policy.acl.PolicyParser} reads {@code path "..." { capabilities = [...] }}
 * stanzas into a {@link dev.vipfs.policy.acl.Policy}, {@link dev.vipfs.policy.acl.AclEvaluator} compiles a
 * set of them for matching with Vault's precedence (an exact rule, else the highest-priority glob or
 * {@code +} rule; {@code deny} on a pattern overrides the rest; no match denies), {@link dev.vipfs.policy.acl.PolicyFormatter} prints canonical HCL.
 * Inside the evaluator: {@link dev.vipfs.policy.acl.CapabilityMerge} unites one pattern's capabilities
 * across policies, each pattern becomes a {@link dev.vipfs.policy.acl.CompiledRule} (Vault's priority
 * order) found through a {@link dev.vipfs.policy.acl.PrefixTable} or a {@link dev.vipfs.policy.acl.SegmentTrie},
 * {@link dev.vipfs.policy.acl.GrantsBelow} lets LOOKUP walk towards a grant deeper down, and
 * {@link dev.vipfs.policy.acl.RuleDecisions} words each answer.
 */
package dev.vipfs.policy.acl;
