package io.nearline.recall.inference;

import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers of the fleet and their health: keeps one channel per target the directory lists
 * (opening and draining channels as DNS answers change) and probes each with ServerReady and
 * ModelReady, ejecting and readmitting servers through their {@link ServerHealth}.
 */
final class FleetMembership {

    private static final Logger LOG = LoggerFactory.getLogger(FleetMembership.class);

    private final InferenceClientOptions options;
    private final ServerDirectory directory;
    private final String authority;
    private volatile List<FleetServer> servers = List.of();
    private boolean closed;

    FleetMembership(InferenceClientOptions options, ServerDirectory directory) {
        this.options = options;
        this.directory = directory;
        this.authority = options.tls().authority().isEmpty() ? directory.authority() : options.tls().authority();
    }

    /** Every server, sorted by target: the stable order the global counter indexes into. */
    List<FleetServer> servers() {
        return servers;
    }

    /** Re-reads the directory; on a DNS failure the current servers stay. */
    synchronized void refresh() {
        if (closed) {
            return;
        }
        List<String> targets;
        try {
            targets = directory.resolve();
        } catch (UnknownHostException e) {
            LOG.warn("cannot resolve the inference fleet, keeping {} servers: {}", servers.size(), e.toString());
            return;
        }
        List<FleetServer> current = servers;
        if (current.stream().map(FleetServer::target).toList().equals(targets)) {
            return;
        }
        Map<String, FleetServer> kept = new LinkedHashMap<>();
        current.forEach(server -> kept.put(server.target(), server));
        List<FleetServer> next = targets.stream().map(target -> {
            FleetServer existing = kept.remove(target);
            return existing != null ? existing
                    : new FleetServer(TritonChannel.open(target, authority, options), options.fleet());
        }).toList();
        servers = next;
        kept.values().forEach(gone -> gone.channel.drain());
        LOG.info("inference fleet is now {} ({} left)", targets, kept.keySet());
    }

    /** One readiness probe per server, skipping servers whose previous probe is still unanswered. */
    void probeAll() {
        long timeoutNanos = options.fleet().healthTimeout().toNanos();
        for (FleetServer server : servers) {
            if (!server.probing.compareAndSet(false, true)) {
                continue;
            }
            if (server.health.state() == ServerHealth.State.EJECTED) {
                server.channel.resetConnectBackoff();  // a restarted server is dialled now, not minutes later
            }
            server.channel.ready(timeoutNanos).whenComplete((ready, error) -> {
                server.probing.set(false);
                ServerHealth.Transition change = server.health.onProbe(error == null && ready);
                if (change == ServerHealth.Transition.EJECTED) {
                    LOG.warn("ejected {} after failed probes: {}", server.target(),
                            error == null ? "not ready" : error.getMessage());
                } else if (change == ServerHealth.Transition.READMITTED) {
                    server.breaker.reset();  // the probes have just shown it back; judge its calls afresh
                    LOG.info("readmitted {}", server.target());
                }
            });
        }
    }

    synchronized void close() {
        closed = true;
        List<FleetServer> closing = servers;
        servers = List.of();
        closing.forEach(server -> server.channel.close());
    }
}
