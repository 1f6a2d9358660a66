package io.nearline.recall.job;

/** Names of the job's counters, all registered under the metric group {@value #GROUP}. */
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
    /** Behaviours before {@code bootstrap.until}: they built state and fired no trigger. */
    public static final String BEHAVIOURS_BOOTSTRAPPED = "behaviours_bootstrapped";
    public static final String RULES_APPLIED = "rules_applied";
    public static final String RULES_REJECTED = "rules_rejected";
    public static final String BUDGET_ADMITTED = "budget_admitted";
    public static final String BUDGET_SHED = "budget_shed";
    public static final String INFERENCE_SUCCEEDED = "inference_succeeded";
    public static final String INFERENCE_FAILED = "inference_failed";
    public static final String INFERENCE_TIMED_OUT = "inference_timed_out";
    public static final String RECALLS_WRITTEN = "recalls_written";
    public static final String RECALLS_KEPT_NEWER = "recalls_kept_newer";
    public static final String RECALLS_REJECTED = "recalls_rejected";
    /** Writes Redis refused for good (e.g. NOPERM); not retried. */
    public static final String RECALLS_FAILED = "recalls_failed";
    /** Batches written again because Redis was away. */
    public static final String STORE_RETRIES = "recall_store_retries";
    /** Milliseconds the sink held recalls back waiting for Redis. */
    public static final String STORE_WAITED_MS = "recall_store_waited_ms";
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
}
