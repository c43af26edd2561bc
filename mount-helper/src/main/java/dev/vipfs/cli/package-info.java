/**
 * The {@code vipfs} command (picocli): {@link dev.vipfs.cli.Main} and one {@code *Command} class per
 * subcommand under {@link dev.vipfs.cli.VipfsCommand}, with what only commands need (argument
 * parsing, progress on a terminal, how a mount runs as a service: {@link dev.vipfs.cli.ServiceLifecycle}).
 * Commands get their node from {@code dev.vipfs.node} and end through {@code dev.vipfs.exit}:
 * <pre>
 *   cli (commands) ──&gt; node (wiring) ──&gt; privilege (root's primitives)
 *        └───────────────┴──────────────&gt; exit (ExitCodes, UserException)
 * </pre>
 */
package dev.vipfs.cli;
