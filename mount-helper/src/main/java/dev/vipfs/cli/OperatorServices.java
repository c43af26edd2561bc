package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.node.MountSession;
import dev.vipfs.node.Node;

import dev.vipfs.control.ControlJson;
import dev.vipfs.control.ControlServer;
import dev.vipfs.control.MetricsEndpoint;
import dev.vipfs.privilege.ServiceUser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a running mount offers its operator besides the mount: the control socket
 * ($VIPFS_HOME/vipfs.sock: status and reload) and, when asked, the metrics endpoint. Both are bound
 * before FUSE init drops privileges (the home is root's), the socket handed to the service user.
 */
final class OperatorServices implements AutoCloseable {
    static final String SOCKET = "vipfs.sock";

    private final ControlServer control;
    private final MetricsEndpoint metrics;

    private OperatorServices(ControlServer control, MetricsEndpoint metrics) {
        this.control = control;
        this.metrics = metrics;
    }

    /** Checks --metrics before anything is mounted: a refused address is bad input. */
    static InetSocketAddress metricsAddress(OperatorOptions ops) throws UserException {
        if (ops.metrics == null) {
            return null;
        }
        try {
            return MetricsEndpoint.address(ops.metrics, ops.metricsAllowRemote);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    static OperatorServices start(OperatorOptions ops, Node node, MountSession session, ServiceLifecycle lifecycle,
                                  ServiceUser serviceUser, boolean readOnly) throws UserException {
        InetSocketAddress metricsAt = metricsAddress(ops);
        MetricsEndpoint metrics = null;
        if (metricsAt != null) {
            try {
                metrics = MetricsEndpoint.start(metricsAt);
                System.err.println("vipfs: metrics at http://" + ops.metrics + "/metrics");
            } catch (IOException e) {
                throw new UserException("cannot serve metrics on " + ops.metrics + ": " + e.getMessage()
                        + " (is the port in use?)", ExitCodes.FAILED);
            }
        }
        Path socket = node.home().dir().resolve(SOCKET);
        ControlServer control = null;
        try {
            control = ControlServer.bind(socket, serviceUser == null ? -1 : serviceUser.uid(),
                    serviceUser == null ? -1 : serviceUser.gid());
            control.start(request -> switch (request) {
                case "status" -> ControlJson.write(StatusReport.collect(session, node, readOnly));
                case "reload" -> ControlJson.write(Map.of("reloaded", lifecycle.reload()));
                default -> ControlJson.write(Map.of("error", "unknown request '" + request + "' (status, reload)"));
            });
        } catch (IOException e) {
            // The mount is what was asked for; without the socket only status and reload are missing.
            System.err.println("vipfs: warning: no control socket (vipfs status/reload will not reach this mount): "
                    + e.getMessage());
        }
        return new OperatorServices(control, metrics);
    }

    @Override
    public void close() {
        try {
            if (control != null) {
                control.close();
            }
        } catch (IOException ignored) {
            // a dropped daemon cannot remove its socket from root's home; the next start replaces it
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
