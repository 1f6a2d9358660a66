package io.nearline.recall.server;

import io.grpc.Status;
import io.nearline.recall.llm.PrefixKvCache;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The local inference server's metrics in a Prometheus registry of its own (several servers share a JVM in
 * tests): ModelInfer requests by gRPC status code and their latency, the beam widths asked for, searches
 * waiting for a thread, the prefix KV cache's counters when the model keeps one, and what is served as an
 * info metric. {@link LocalInferenceServer} serves the registry at {@code /metrics} on
 * {@code server.metrics-port}.
 */
public final class ServerMetrics {

    /** Counter of finished ModelInfer requests, label {@value #CODE}; exported with {@code _total}. */
    public static final String REQUESTS = "nearline_server_requests";
    /** The gRPC status code's name, {@code OK} for an answer. */
    public static final String CODE = "code";
    /** Histogram of ModelInfer latency, arrival to status sent. */
    public static final String REQUEST_DURATION = "nearline_server_request_duration_seconds";
    /** Histogram of the beam width of every request the server accepted for search. */
    public static final String BEAM_WIDTH = "nearline_server_beam_width";
    public static final String SEARCHES_QUEUED = "nearline_server_searches_queued";
    public static final String PREFIX_CACHE_HITS = "nearline_server_prefix_cache_hits";
    public static final String PREFIX_CACHE_MISSES = "nearline_server_prefix_cache_misses";
    public static final String PREFIX_CACHE_EVICTIONS = "nearline_server_prefix_cache_evictions";
    public static final String PREFIX_CACHE_BYTES = "nearline_server_prefix_cache_bytes";
    public static final String PREFIX_CACHE_ENTRIES = "nearline_server_prefix_cache_entries";
    /** Info metric (exported with {@code _info}) whose labels say what is served. */
    public static final String MODEL = "nearline_server_model";
    public static final String MODEL_NAME = "model_name";
    public static final String MODEL_VERSION = "model_version";
    public static final String MODEL_KIND = "model";

    private static final double NANOS_PER_SECOND = 1e9;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram duration;
    private final Histogram beamWidths;

    /**
     * Registers every metric; {@code cache} is asked on each scrape and its metrics exist only when it has
     * answered with counters at start (a model without a cache never will).
     */
    ServerMetrics(String modelName, String modelVersion, String modelKind, IntSupplier queued,
            Supplier<Optional<PrefixKvCache.Stats>> cache) {
        requests = Counter.builder().name(REQUESTS).help("ModelInfer requests finished, by gRPC status code")
                .labelNames(CODE).register(registry);
        requests.initLabelValues(Status.Code.OK.name());
        duration = Histogram.builder().name(REQUEST_DURATION)
                .help("ModelInfer latency from arrival to the status sent, queueing and search included")
                .classicOnly().register(registry);
        beamWidths = Histogram.builder().name(BEAM_WIDTH).help("Beam width of the requests accepted for search")
                .classicOnly().classicExponentialUpperBounds(1, 2, 11).register(registry);
        GaugeWithCallback.builder().name(SEARCHES_QUEUED).help("Searches waiting for an inference thread")
                .callback(callback -> callback.call(queued.getAsInt())).register(registry);
        if (cache.get().isPresent()) {
            cacheCounter(PREFIX_CACHE_HITS, "Prompts whose frozen prefix was found in the KV cache", cache,
                    PrefixKvCache.Stats::hits);
            cacheCounter(PREFIX_CACHE_MISSES, "Prompts whose frozen prefix had to be prefilled", cache,
                    PrefixKvCache.Stats::misses);
            cacheCounter(PREFIX_CACHE_EVICTIONS, "Prefixes evicted to keep the cache in its bound", cache,
                    PrefixKvCache.Stats::evictions);
            cacheGauge(PREFIX_CACHE_BYTES, "Bytes the cached prefixes hold (server.prefix-cache-bytes bounds it)",
                    cache, PrefixKvCache.Stats::bytes);
            cacheGauge(PREFIX_CACHE_ENTRIES, "Prefixes in the cache", cache, PrefixKvCache.Stats::entries);
        }
        Info.builder().name(MODEL).help("The model served: its served name, version and kind")
                .labelNames(MODEL_NAME, MODEL_VERSION, MODEL_KIND).register(registry)
                .setLabelValues(modelName, modelVersion, modelKind);
    }

    /** The metrics of {@code model} served as {@code options.modelName()} with {@code queued} searches waiting. */
    static ServerMetrics of(GenerativeRecallModel model, LocalServerOptions options, IntSupplier queued) {
        return new ServerMetrics(options.modelName(), model.version(), model.name(), queued, model::prefixCacheStats);
    }

    /**
     * Every sample name a scrape can show (histograms' {@code _bucket}, {@code _count}, {@code _sum};
     * counters' {@code _total}; the info's {@code _info}), the cache's included: for dashboards to query.
     */
    public static List<String> exportedNames() {
        ServerMetrics all = new ServerMetrics("", "", "", () -> 0,
                () -> Optional.of(new PrefixKvCache.Stats(0, 0, 0, 0, 0)));
        List<String> names = new ArrayList<>();
        for (MetricSnapshot snapshot : all.registry.scrape()) {
            String name = snapshot.getMetadata().getPrometheusName();
            if (snapshot instanceof CounterSnapshot) {
                names.add(name + "_total");
            } else if (snapshot instanceof HistogramSnapshot) {
                names.addAll(List.of(name + "_bucket", name + "_count", name + "_sum"));
            } else if (snapshot instanceof InfoSnapshot) {
                names.add(name + "_info");
            } else {
                names.add(name);
            }
        }
        return names;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** One ModelInfer finished with {@code code} after {@code nanos}. */
    void request(Status.Code code, long nanos) {
        requests.labelValues(code.name()).inc();
        duration.observe(Math.max(0, nanos) / NANOS_PER_SECOND);
    }

    void beamWidth(int width) {
        beamWidths.observe(width);
    }

    private void cacheCounter(String name, String help, Supplier<Optional<PrefixKvCache.Stats>> cache,
            ToLongFunction<PrefixKvCache.Stats> value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(callback -> cache.get().ifPresent(stats -> callback.call(value.applyAsLong(stats))))
                .register(registry);
    }

    private void cacheGauge(String name, String help, Supplier<Optional<PrefixKvCache.Stats>> cache,
            ToLongFunction<PrefixKvCache.Stats> value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> cache.get().ifPresent(stats -> callback.call(value.applyAsLong(stats))))
                .register(registry);
    }
}
