package io.nearline.recall.job.inference;

import static io.nearline.recall.job.JobMetrics.FLEET;
import static io.nearline.recall.job.JobMetrics.FLEET_CALLS;
import static io.nearline.recall.job.JobMetrics.FLEET_CODE;
import static io.nearline.recall.job.JobMetrics.FLEET_COUNTER_FALLBACKS;
import static io.nearline.recall.job.JobMetrics.FLEET_FAILED;
import static io.nearline.recall.job.JobMetrics.FLEET_FAILURES;
import static io.nearline.recall.job.JobMetrics.FLEET_IN_FLIGHT;
import static io.nearline.recall.job.JobMetrics.FLEET_LATENCY_MAX;
import static io.nearline.recall.job.JobMetrics.FLEET_LATENCY_P50;
import static io.nearline.recall.job.JobMetrics.FLEET_LATENCY_P99;
import static io.nearline.recall.job.JobMetrics.FLEET_RETRIES;
import static io.nearline.recall.job.JobMetrics.FLEET_RETRIES_DENIED;
import static io.nearline.recall.job.JobMetrics.FLEET_SERVER;
import static io.nearline.recall.job.JobMetrics.FLEET_SERVERS;
import static io.nearline.recall.job.JobMetrics.FLEET_SERVERS_SERVING;
import static io.nearline.recall.job.JobMetrics.FLEET_SERVER_ATTEMPTS;
import static io.nearline.recall.job.JobMetrics.FLEET_SERVER_IN_FLIGHT;
import static io.nearline.recall.job.JobMetrics.FLEET_SERVER_SERVING;
import static io.nearline.recall.job.JobMetrics.FLEET_SUCCEEDED;
import static io.nearline.recall.job.JobMetrics.prometheusName;

import io.grpc.Status;
import io.nearline.recall.inference.FleetSnapshot;
import io.nearline.recall.inference.ServerSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The fleet inference client's {@link FleetSnapshot} as Flink gauges under {@code nearline.fleet} (names
 * in {@link io.nearline.recall.job.JobMetrics}): totals, failures per gRPC code, latency percentiles, and
 * per server its serving state, calls in flight, attempts and failures. Per-server gauges cover the servers
 * known when the operator opens; one a DNS refresh adds later counts in the totals and in
 * {@code servers}, {@code servers_serving} only.
 */
public final class FleetGauges {

    /** A reporter reads every gauge in one pass: one snapshot serves the pass rather than one per gauge. */
    private static final long REUSE_NANOS = 100_000_000L;

    private final Supplier<FleetSnapshot> source;
    private FleetSnapshot last;
    private long takenAt;

    private FleetGauges(Supplier<FleetSnapshot> source) {
        this.source = source;
    }

    /** Registers the gauges under {@code group.fleet}; they read {@code source} while the reporter asks. */
    public static void register(MetricGroup group, Supplier<FleetSnapshot> source) {
        FleetGauges gauges = new FleetGauges(source);
        MetricGroup fleet = group.addGroup(FLEET);
        gauges.gauge(fleet, FLEET_CALLS, FleetSnapshot::calls);
        gauges.gauge(fleet, FLEET_SUCCEEDED, FleetSnapshot::succeeded);
        gauges.gauge(fleet, FLEET_FAILED, FleetSnapshot::failed);
        gauges.gauge(fleet, FLEET_IN_FLIGHT, FleetSnapshot::inFlight);
        gauges.gauge(fleet, FLEET_RETRIES, FleetSnapshot::retries);
        gauges.gauge(fleet, FLEET_RETRIES_DENIED, FleetSnapshot::retriesDeniedByBudget);
        gauges.gauge(fleet, FLEET_COUNTER_FALLBACKS, FleetSnapshot::counterFallbacks);
        gauges.gauge(fleet, FLEET_LATENCY_P50, s -> s.latency().p50Millis());
        gauges.gauge(fleet, FLEET_LATENCY_P99, s -> s.latency().p99Millis());
        gauges.gauge(fleet, FLEET_LATENCY_MAX, s -> s.latency().maxMillis());
        gauges.gauge(fleet, FLEET_SERVERS, s -> s.servers().size());
        gauges.gauge(fleet, FLEET_SERVERS_SERVING, FleetSnapshot::servingServers);
        for (Status.Code code : Status.Code.values()) {
            if (code != Status.Code.OK) {
                gauges.gauge(fleet.addGroup(FLEET_CODE, code.name()), FLEET_FAILURES,
                        s -> s.failuresByCode().getOrDefault(code, 0L));
            }
        }
        for (ServerSnapshot server : source.get().servers()) {
            String target = server.target();
            MetricGroup one = fleet.addGroup(FLEET_SERVER, target);
            gauges.gauge(one, FLEET_SERVER_SERVING,
                    s -> find(s, target).map(ServerSnapshot::serving).orElse(false) ? 1 : 0);
            gauges.gauge(one, FLEET_SERVER_IN_FLIGHT, s -> find(s, target).map(ServerSnapshot::inFlight).orElse(0));
            gauges.gauge(one, FLEET_SERVER_ATTEMPTS, s -> find(s, target).map(ServerSnapshot::attempts).orElse(0L));
            gauges.gauge(one, FLEET_FAILURES, s -> find(s, target).map(ServerSnapshot::failures).orElse(0L));
        }
    }

    /** Every Prometheus name these gauges have under Flink's Prometheus reporter, for dashboards. */
    public static List<String> prometheusNames() {
        return List.of(prometheusName(FLEET, FLEET_CALLS), prometheusName(FLEET, FLEET_SUCCEEDED),
                prometheusName(FLEET, FLEET_FAILED), prometheusName(FLEET, FLEET_IN_FLIGHT),
                prometheusName(FLEET, FLEET_RETRIES), prometheusName(FLEET, FLEET_RETRIES_DENIED),
                prometheusName(FLEET, FLEET_COUNTER_FALLBACKS), prometheusName(FLEET, FLEET_LATENCY_P50),
                prometheusName(FLEET, FLEET_LATENCY_P99), prometheusName(FLEET, FLEET_LATENCY_MAX),
                prometheusName(FLEET, FLEET_SERVERS), prometheusName(FLEET, FLEET_SERVERS_SERVING),
                prometheusName(FLEET, FLEET_CODE, FLEET_FAILURES),
                prometheusName(FLEET, FLEET_SERVER, FLEET_SERVER_SERVING),
                prometheusName(FLEET, FLEET_SERVER, FLEET_SERVER_IN_FLIGHT),
                prometheusName(FLEET, FLEET_SERVER, FLEET_SERVER_ATTEMPTS),
                prometheusName(FLEET, FLEET_SERVER, FLEET_FAILURES));
    }

    private <T> void gauge(MetricGroup group, String name, Function<FleetSnapshot, T> value) {
        group.gauge(name, (Gauge<T>) () -> value.apply(snapshot()));
    }

    private synchronized FleetSnapshot snapshot() {
        long now = System.nanoTime();
        if (last == null || now - takenAt > REUSE_NANOS) {
            last = source.get();
            takenAt = now;
        }
        return last;
    }

    private static Optional<ServerSnapshot> find(FleetSnapshot snapshot, String target) {
        return snapshot.servers().stream().filter(server -> server.target().equals(target)).findFirst();
    }
}
