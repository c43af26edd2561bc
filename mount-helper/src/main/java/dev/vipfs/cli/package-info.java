/**
 * The {@code vipfs} command (picocli): one {@code *Command} class per subcommand, under
 * {@link dev.vipfs.cli.VipfsCommand}; {@link dev.vipfs.cli.Node} is the composition root that opens a
 * home's store, keyring and policies ({@link dev.vipfs.cli.StoreFactory}, {@link dev.vipfs.cli.AccessSetup})
 * and {@link dev.vipfs.cli.MountSession} one mount of them. Exit statuses live in
 * {@link dev.vipfs.cli.ExitCodes}; a {@link dev.vipfs.cli.UserException} is printed as one line.
 */
package dev.vipfs.cli;
