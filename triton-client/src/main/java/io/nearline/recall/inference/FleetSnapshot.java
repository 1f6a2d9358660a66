package io.nearline.recall.inference;

import io.grpc.Status;
import java.util.List;
import java.util.Map;

/**
 * The fleet client's metrics at one moment, for the job to register as gauges: calls, failures by
 * gRPC code, retries, counter fallbacks, call latency percentiles since the client started (retries
 * included, see {@link LatencyHistogram}) and one {@link ServerSnapshot} per server in the stable order
 * the balancer uses.
 */
public record FleetSnapshot(
        long calls,
        long succeeded,
        long failed,
        int inFlight,
        Map<Status.Code, Long> failuresByCode,
        long retries,
        long retriesDeniedByBudget,
        long counterFallbacks,
        LatencySummary latency,
        List<ServerSnapshot> servers) {

    public FleetSnapshot {
        failuresByCode = Map.copyOf(failuresByCode);
        servers = List.copyOf(servers);
    }

    /** Servers that may receive calls now. */
    public long servingServers() {
        return servers.stream().filter(ServerSnapshot::serving).count();
    }
}
