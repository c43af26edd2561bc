/**
 * A running mount's control socket, {@code $VIPFS_HOME/vipfs.sock} (0600, the service user's;
 * peers checked by SO_PEERCRED): {@link dev.vipfs.control.ControlServer} answers {@code status}
 * and {@code reload}, {@link dev.vipfs.control.ControlClient} asks, {@link
 * dev.vipfs.control.ControlJson} is their line format; {@link dev.vipfs.control.MetricsEndpoint}
 * serves the same counters to Prometheus when {@code --metrics} asks for it (loopback only unless
 * the operator says otherwise).
 */
package dev.vipfs.control;
