package io.nearline.recall.inference;

import io.grpc.Status;
import java.util.List;
import java.util.Map;

/**
 * The fleet client's metrics at one moment, for the job to register as gauges: calls, failures by
 * gRPC code, retries, counter fallbacks, a latency histogram ({@link LatencyHistogram#BOUNDS_MS})
 * and one {@link ServerSnapshot} per server in the stable order the balancer uses.
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
        long[] latencyCountsMs,
        List<ServerSnapshot> servers) {

    public FleetSnapshot {
        failuresByCode = Map.copyOf(failuresByCode);
        latencyCountsMs = latencyCountsMs.clone();
        servers = List.copyOf(servers);
    }

    @Override
    public long[] latencyCountsMs() {
        return latencyCountsMs.clone();
    }

    /** Servers that may receive calls now. */
    public long servingServers() {
        return servers.stream().filter(ServerSnapshot::serving).count();
    }
}
