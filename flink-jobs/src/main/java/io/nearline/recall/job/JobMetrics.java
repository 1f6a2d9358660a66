package io.nearline.recall.job;

/**
 * Names of the job's metrics, all registered under the metric group {@value #GROUP}.
 *
 * <p>The fleet inference client's gauges ({@code FLEET_*}, registered by the async inference operator,
 * see {@code FleetGauges}) are under {@value #GROUP}.{@value #FLEET}: {@value #FLEET_CALLS},
 * {@value #FLEET_SUCCEEDED}, {@value #FLEET_FAILED}, {@value #FLEET_IN_FLIGHT}, {@value #FLEET_RETRIES},
 * {@value #FLEET_RETRIES_DENIED}, {@value #FLEET_COUNTER_FALLBACKS}, {@value #FLEET_LATENCY_P50},
 * {@value #FLEET_LATENCY_P99}, {@value #FLEET_LATENCY_MAX}, {@value #FLEET_SERVERS},
 * {@value #FLEET_SERVERS_SERVING}; failures by gRPC code as {@code fleet.code.<CODE>.failures} (the code
 * a label {@value #FLEET_CODE} in Prometheus); per server as {@code fleet.server.<host:port>.serving},
 * {@code in_flight}, {@code attempts}, {@code failures} (label {@value #FLEET_SERVER}). Flink's Prometheus
 * reporter names them {@value #PROMETHEUS_OPERATOR_SCOPE} + the path joined by {@code _}, see
 * {@link #prometheusName}.
 *
 * <p>Per experiment arm ({@link ArmCounters}, under {@value #GROUP}.arm.&lt;arm&gt;, the arm a label {@code arm} in
 * Prometheus): {@value #RECALL_REQUESTS}, {@value #INFERENCE_CALLS}, {@value #INFERENCE_MILLIS},
 * {@value #INFERENCE_FAILED}, {@value #INFERENCE_TIMED_OUT}, {@value #INFERENCE_SUCCEEDED}, {@value #RECALLS_WRITTEN},
 * {@value #LIVE_SCORED}, the live hits, {@value #SERVED_TARGETS}, {@value #SERVED_HITS_AT_10} and the first-engagement
 * counters; each arm's figures add up to the job's total of the same name.
 */
public final class JobMetrics {

    private JobMetrics() {}

    public static final String GROUP = "nearline";
    public static final String RECORDS_READ = "records_read";
    public static final String RECORDS_ACCEPTED = "records_accepted";
    public static final String RECORDS_DEAD_LETTERED = "records_dead_lettered";
    public static final String SIGNALS_PROCESSED = "signals_processed";
    public static final String USERS_CREATED = "users_created";
    public static final String BEHAVIOURS_DUPLICATE = "behaviours_duplicate";
    public static final String BEHAVIOURS_TOO_OLD = "behaviours_too_old";
    public static final String RECALL_REQUESTS = "recall_requests";
    /**
     * Look-ups of a user (a signal, a timer) that the user operator's cache answered (state.user-cache.max-users), and
     * those it sent to the state backend; gauges, and accumulators of the job's result.
     */
    public static final String USER_CACHE_HITS = "user_cache_hits";
    public static final String USER_CACHE_MISSES = "user_cache_misses";
    /** Users the cache wrote to the state backend: evicted while changed, or changed before a checkpoint. */
    public static final String USER_CACHE_WRITES = "user_cache_writes";
    /** Behaviours before {@code bootstrap.until}: they built state and fired no trigger. */
    public static final String BEHAVIOURS_BOOTSTRAPPED = "behaviours_bootstrapped";
    public static final String RULES_APPLIED = "rules_applied";
    public static final String RULES_REJECTED = "rules_rejected";
    public static final String BUDGET_ADMITTED = "budget_admitted";
    public static final String BUDGET_SHED = "budget_shed";
    /** Of the shed requests, those a newer request of the same user replaced in the queue (budget.replaceQueued). */
    public static final String BUDGET_SUPERSEDED = "budget_superseded";
    /** Per arm only: calls sent to the inference service. */
    public static final String INFERENCE_CALLS = "inference_calls";
    /**
     * Per arm only: milliseconds from sending a call to its answer or failure, summed (the GPU time an arm costs, as
     * the job sees it; a call the async operator timed out is not in it).
     */
    public static final String INFERENCE_MILLIS = "inference_millis";
    public static final String INFERENCE_SUCCEEDED = "inference_succeeded";
    public static final String INFERENCE_FAILED = "inference_failed";
    public static final String INFERENCE_TIMED_OUT = "inference_timed_out";
    /** Requests of a lower tier shed because only the top tier's reserve of slots was free (inference.top-tier-reserve). */
    public static final String INFERENCE_SHED_SATURATED = "inference_shed_saturated";
    /** {@link #INFERENCE_SHED_SATURATED} of one tier, under {@code tier.<name>}. */
    public static final String TIER_SHED_SATURATED = "shed_saturated";
    /** Under {@code tier.<name>}: the tier's requests the model answered (before resolution), and the ms they took. */
    public static final String TIER_ANSWERED = "inference_answered";
    public static final String TIER_ANSWER_MILLIS = "inference_answer_millis";
    public static final String RECALLS_WRITTEN = "recalls_written";
    public static final String RECALLS_KEPT_NEWER = "recalls_kept_newer";
    public static final String RECALLS_REJECTED = "recalls_rejected";
    /** Writes Redis refused for good (e.g. NOPERM); not retried. */
    public static final String RECALLS_FAILED = "recalls_failed";
    /** Batches written again because Redis was away. */
    public static final String STORE_RETRIES = "recall_store_retries";
    /** Milliseconds the sink held recalls back waiting for Redis. */
    public static final String STORE_WAITED_MS = "recall_store_waited_ms";
    /** Recall requests chosen for tracing (trace.sample-rate, trace.pinned-users). */
    public static final String REQUESTS_TRACED = "requests_traced";
    public static final String TRACES_STORED = "traces_stored";
    /** Traces the trace store could not take while Redis was away. */
    public static final String TRACES_DROPPED = "traces_dropped";
    public static final String LIVE_SCORED = "live_recalls_scored";
    public static final String LIVE_HITS_AT_5 = "live_hits_at_5";
    public static final String LIVE_HITS_AT_10 = "live_hits_at_10";
    public static final String LIVE_HITS_AT_ALL = "live_hits_at_all";
    public static final String SERVED_TARGETS = "served_targets";
    public static final String SERVED_HITS_AT_10 = "served_hits_at_10";
    /** First engagements (an ad click or conversion on an object new to the user) scored on what was served. */
    public static final String FIRST_TARGETS = "served_first_targets";
    /** ... of which the user had a recall of their own. */
    public static final String FIRST_COVERED = "served_first_covered";
    public static final String FIRST_HITS_COVERED = "served_first_hits_covered";
    /** Hits in the top 10 of the recall served, the segment's fallback where the user had none. */
    public static final String FIRST_HITS_WITH_FALLBACK = "served_first_hits_with_fallback";
    /** Catalogue records applied, counted by every instance that keeps a replica (each applies every record). */
    public static final String CATALOGUE_UPDATES = "catalogue_updates";
    public static final String CATALOGUE_UNDECODABLE = "catalogue_undecodable";
    /** Generated recalls that waited for the catalogue to be read to the topic's end at job start. */
    public static final String RECALLS_HELD_FOR_CATALOGUE = "recalls_held_for_catalogue";

    /** Subgroup of the fleet inference client's gauges. */
    public static final String FLEET = "fleet";
    /** Calls started since the operator opened (one per request, retries not counted again). */
    public static final String FLEET_CALLS = "calls";
    public static final String FLEET_SUCCEEDED = "succeeded";
    public static final String FLEET_FAILED = "failed";
    public static final String FLEET_IN_FLIGHT = "in_flight";
    /** Attempts sent again after a transient failure. */
    public static final String FLEET_RETRIES = "retries";
    /** Retries the retry budget refused: the call failed instead. */
    public static final String FLEET_RETRIES_DENIED = "retries_denied";
    /** Calls balanced by least outstanding because the Redis counter did not answer. */
    public static final String FLEET_COUNTER_FALLBACKS = "counter_fallbacks";
    /** Call latency percentiles in milliseconds since the operator opened, retries included. */
    public static final String FLEET_LATENCY_P50 = "latency_p50_ms";
    public static final String FLEET_LATENCY_P99 = "latency_p99_ms";
    public static final String FLEET_LATENCY_MAX = "latency_max_ms";
    /** Servers the client knows, and of them those that may receive calls now. */
    public static final String FLEET_SERVERS = "servers";
    public static final String FLEET_SERVERS_SERVING = "servers_serving";
    /** Key of the per-gRPC-code group; its value is the code's name. */
    public static final String FLEET_CODE = "code";
    /** Key of the per-server group; its value is the server's host:port. */
    public static final String FLEET_SERVER = "server";
    /** Per code: failed calls; per server: failed attempts. */
    public static final String FLEET_FAILURES = "failures";
    /** Per server: 1 while it is admitted and its circuit is not open, else 0. */
    public static final String FLEET_SERVER_SERVING = "serving";
    public static final String FLEET_SERVER_IN_FLIGHT = "in_flight";
    public static final String FLEET_SERVER_ATTEMPTS = "attempts";

    /** How Flink's Prometheus reporter begins the name of every metric of an operator. */
    public static final String PROMETHEUS_OPERATOR_SCOPE = "flink_taskmanager_job_task_operator_";

    /**
     * The Prometheus name of an operator's metric under {@value #GROUP}: groups (for a key-value group its
     * key) and the metric's name joined by {@code _}, e.g. {@code prometheusName(FLEET, FLEET_CALLS)}.
     */
    public static String prometheusName(String... path) {
        return PROMETHEUS_OPERATOR_SCOPE + GROUP + "_" + String.join("_", path);
    }
}
