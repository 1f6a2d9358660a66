package io.nearline.recall.job;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every tunable of the near-line recall job, with its key, default and meaning. The recall store's
 * {@code redis.*} keys are documented by {@code RecallStoreOptions} in the redis-cache module.
 */
public final class JobOptions {

    private JobOptions() {}

    public static final ConfigOption<String> KAFKA_BOOTSTRAP = ConfigOptions.key("kafka.bootstrap-servers")
            .stringType().defaultValue("localhost:9092")
            .withDescription("Kafka bootstrap servers for every topic the job reads and writes.");

    public static final ConfigOption<String> KAFKA_GROUP_ID = ConfigOptions.key("kafka.group-id")
            .stringType().defaultValue("nearline-recall")
            .withDescription("Consumer group id; offsets are committed on checkpoints for monitoring only.");

    public static final ConfigOption<String> BEHAVIOUR_TOPIC = ConfigOptions.key("topics.behaviour-events")
            .stringType().defaultValue("behaviour-events")
            .withDescription("Topic of BehaviourEvent records (Avro single-object encoding), keyed by user id.");

    public static final ConfigOption<String> PROFILE_TOPIC = ConfigOptions.key("topics.profile-updates")
            .stringType().defaultValue("profile-updates")
            .withDescription("Topic of UserProfileUpdate records (Avro single-object encoding), keyed by user id.");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC = ConfigOptions.key("topics.dead-letters")
            .stringType().defaultValue("dead-letters")
            .withDescription("Topic receiving every rejected input record as a DeadLetter with its reason.");

    public static final ConfigOption<String> STARTING_OFFSETS = ConfigOptions.key("kafka.starting-offsets")
            .stringType().defaultValue("earliest")
            .withDescription("Where a job without a checkpoint starts reading: earliest, latest or committed.");

    public static final ConfigOption<Duration> MIN_EVENT_TIME_AGE = ConfigOptions.key("validation.max-event-age")
            .durationType().defaultValue(Duration.ofDays(3650))
            .withDescription("Events older than this (against the wall clock) are absurd and dead-lettered.");

    public static final ConfigOption<Duration> MAX_FUTURE_SKEW = ConfigOptions.key("validation.max-future-skew")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("Events stamped further than this in the future are absurd and dead-lettered.");

    public static final ConfigOption<Integer> MAX_ID_LENGTH = ConfigOptions.key("validation.max-id-length")
            .intType().defaultValue(128)
            .withDescription("User and object IDs longer than this many characters are dead-lettered (ID_TOO_LONG); IDs become Redis keys and prompt text.");

    public static final ConfigOption<String> ID_FORBIDDEN_CHARACTERS = ConfigOptions.key("validation.id-forbidden-characters")
            .stringType().defaultValue("{}*?[]")
            .withDescription("Characters a user or object ID may not hold, besides control characters (BAD_ID_CHARACTER): "
                    + "braces would pin keys to one Redis Cluster slot, glob characters widen the patterns ops scan keys with.");

    public static final ConfigOption<Integer> MAX_ATTRIBUTES = ConfigOptions.key("validation.max-attributes")
            .intType().defaultValue(64)
            .withDescription("A behaviour or profile with more raw attributes than this is dead-lettered (ATTRIBUTES_TOO_LARGE).");

    public static final ConfigOption<Integer> MAX_ATTRIBUTE_LENGTH = ConfigOptions.key("validation.max-attribute-length")
            .intType().defaultValue(1024)
            .withDescription("An attribute name or value longer than this many characters is dead-lettered (ATTRIBUTES_TOO_LARGE): "
                    + "attributes are kept in user state and rendered into prompts.");

    public static final ConfigOption<Double> MAX_PRICE = ConfigOptions.key("validation.max-price")
            .doubleType().defaultValue(1e7)
            .withDescription("A conversion price above this (or infinite) is dead-lettered (VALUE_OUT_OF_RANGE).");

    public static final ConfigOption<Double> MAX_ECPM = ConfigOptions.key("validation.max-ecpm")
            .doubleType().defaultValue(1e5)
            .withDescription("An eCPM above this (or infinite) is dead-lettered (VALUE_OUT_OF_RANGE).");

    public static final ConfigOption<Double> MAX_ARPU = ConfigOptions.key("validation.max-arpu")
            .doubleType().defaultValue(1e6)
            .withDescription("A profile ARPU above this (or infinite) is dead-lettered (VALUE_OUT_OF_RANGE).");

    public static final ConfigOption<Integer> DEAD_LETTER_MAX_PAYLOAD = ConfigOptions.key("dead-letters.max-payload-bytes")
            .intType().defaultValue(65_536)
            .withDescription("A dead letter keeps at most this many bytes of the rejected record (its full size is kept in payloadSize), "
                    + "so that every dead letter fits the producer's max.request.size.");

    public static final ConfigOption<String> BOOTSTRAP_UNTIL = ConfigOptions.key("bootstrap.until")
            .stringType().defaultValue("")
            .withDescription("Warm start: behaviours with an event time before this instant (ISO-8601, e.g. 2026-12-01T00:00:00Z, "
                    + "or epoch milliseconds) only build users' state and fire no trigger; empty: every behaviour may trigger. "
                    + "Start a new job with it reading the behaviour history from the start of the topic.");

    public static final ConfigOption<String> FALLBACK_SEGMENTS = ConfigOptions.key("fallback.segments")
            .stringType().defaultValue("builtin:default-rules.yaml")
            .withDescription("Rules file whose tiers are the fixed ARPU segments of the non-personal fallback recall "
                    + "(read from Redis under recall:{fallback}:SEGMENT, written by the fallback publisher); the live "
                    + "scorer serves a user without a recall their segment's fallback.");

    public static final ConfigOption<Integer> MAX_SEQUENCE_LENGTH = ConfigOptions.key("state.max-sequence-length")
            .intType().defaultValue(200)
            .withDescription("Behaviours kept per user; the oldest are dropped first.");

    public static final ConfigOption<Duration> USER_STATE_TTL = ConfigOptions.key("state.user-ttl")
            .durationType().defaultValue(Duration.ofDays(30))
            .withDescription("A user's sequence, profile and trigger state expire after this long without a write.");

    public static final ConfigOption<Integer> STATE_TTL_CLEANUP_KEYS = ConfigOptions.key("state.ttl-cleanup-keys-per-access")
            .intType().defaultValue(1)
            .withDescription("Heap state backend: users whose expired state Flink's incremental cleanup looks for on each "
                    + "access to a state (Flink's default is 5). One sweeps every user far more often than state.user-ttl "
                    + "at a fraction of the cost; RocksDB removes expired state in compaction instead.");

    public static final ConfigOption<Integer> USER_CACHE_MAX_USERS = ConfigOptions.key("state.user-cache.max-users")
            .intType().defaultValue(4096)
            .withDescription("RocksDB state backend: users each instance of the user operator keeps as objects, the "
                    + "least recently seen evicted first; a cached user's behaviour reads and writes no state bytes. "
                    + "Changed users are written to RocksDB on eviction and before every checkpoint. About 5-50 KB "
                    + "of heap a user (the sequence and prompt at their caps: 50). 0 turns the cache off; the heap "
                    + "backend, which keeps objects already, never uses it.");

    public static final ConfigOption<String> RULES_TOPIC = ConfigOptions.key("topics.rules")
            .stringType().defaultValue("recall-rules")
            .withDescription("Control topic of trigger-rules updates (the YAML text); every instance switches to a valid one.");

    public static final ConfigOption<String> RULES_INITIAL = ConfigOptions.key("rules.initial")
            .stringType().defaultValue("builtin:default-rules.yaml")
            .withDescription("Rules in force until the control topic brings others: builtin:NAME (see user-tiering) or a file path.");

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS = ConfigOptions.key("watermark.max-out-of-orderness")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("How late behaviours may arrive before event-time trigger timers (debounce) move past them.");

    public static final ConfigOption<String> SEMANTIC_IDS_DIR = ConfigOptions.key("catalogue.semantic-ids-dir")
            .stringType().defaultValue("")
            .withDescription("Directory of the saved semantic IDs (codebook and assignments, from the ID builder). "
                    + "Empty: no generative recall, requests are counted as failed and nothing is written.");

    public static final ConfigOption<String> CATALOGUE_TOPIC = ConfigOptions.key("topics.marketing-objects")
            .stringType().defaultValue("marketing-objects")
            .withDescription("Compacted topic of marketing-object updates; objects join and leave the recall trie as their delivery changes.");

    public static final ConfigOption<Duration> CATALOGUE_MAX_WAIT = ConfigOptions.key("catalogue.max-wait")
            .durationType().defaultValue(Duration.ofMinutes(2))
            .withDescription("Generated recalls wait until the job has read topics.marketing-objects as far as it reached "
                    + "when the job started, so they resolve against a complete catalogue; after this long they are "
                    + "resolved against what has arrived.");

    public static final ConfigOption<String> DICTIONARIES_DIR = ConfigOptions.key("dictionaries.dir")
            .stringType().defaultValue("")
            .withDescription("Directory of the prompt's text dictionaries (TSV, see recall-prompts), re-read while the job runs; "
                    + "empty: the dictionaries shipped with the job.");

    public static final ConfigOption<Duration> DICTIONARIES_RELOAD = ConfigOptions.key("dictionaries.reload-interval")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("How often dictionaries.dir is re-read; a version with problems is not used and the one in use stays.");

    public static final ConfigOption<Integer> INFERENCE_CAPACITY = ConfigOptions.key("inference.max-in-flight")
            .intType().defaultValue(64)
            .withDescription("Inference requests in flight per parallel instance (async I/O capacity).");

    public static final ConfigOption<Double> INFERENCE_TOP_TIER_RESERVE = ConfigOptions.key("inference.top-tier-reserve")
            .doubleType().defaultValue(0.25)
            .withDescription("Share of inference.max-in-flight that only the top tier's requests may take: a request of a "
                    + "lower tier that finds the rest taken is shed at once (inference_shed_saturated; tier.<name>.shed_saturated) instead "
                    + "of blocking the operator, so a model that slows down sheds the low tiers first and the top tier "
                    + "keeps finding a slot. 0 holds none back; below 1.");

    public static final ConfigOption<Boolean> INFERENCE_TIER_PRIORITY = ConfigOptions.key("inference.tier-priority")
            .booleanType().defaultValue(true)
            .withDescription("Send each call with Triton's schedule-policy priority (request parameter 'priority'): 1 for "
                    + "the top tier's, 2 for the others'. A server that orders its queue by it (Triton's dynamic batcher "
                    + "with priority_levels: 2, the local server always) searches the top tier's first when a burst "
                    + "queues requests; others ignore it.");

    public static final ConfigOption<Duration> INFERENCE_TIMEOUT = ConfigOptions.key("inference.timeout")
            .durationType().defaultValue(Duration.ofSeconds(2))
            .withDescription("A recall request not answered within this time is counted as failed and dropped.");

    public static final ConfigOption<Duration> STORE_RETRY_INITIAL_BACKOFF = ConfigOptions.key("sink.redis.retry-initial-backoff")
            .durationType().defaultValue(Duration.ofMillis(100))
            .withDescription("First wait before a batch of recalls is written again while Redis is away; doubles per retry. "
                    + "The sink holds the batch (backpressure) and never drops it for a connection failure.");

    public static final ConfigOption<Duration> STORE_RETRY_MAX_BACKOFF = ConfigOptions.key("sink.redis.retry-max-backoff")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("Longest wait between retries of the recall store; each wait is drawn from its upper half (jitter).");

    public static final ConfigOption<Duration> BUFFER_TIMEOUT = ConfigOptions.key("job.buffer-timeout")
            .durationType().defaultValue(Duration.ofMillis(10))
            .withDescription("Longest a record waits in a network buffer before it is sent on (Flink's "
                    + "execution.buffer-timeout, 100 ms by default, is for throughput): each of the job's exchanges "
                    + "between a behaviour and its recall may hold it that long when traffic is light.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("job.checkpoint-interval")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("Checkpoint interval; Kafka offsets and user state are restored from the last one.");

    public static final ConfigOption<Double> TRACE_SAMPLE_RATE = ConfigOptions.key("trace.sample-rate")
            .doubleType().defaultValue(0.01)
            .withDescription("Share of recall requests traced (0 to 1), chosen by a hash of the request ID so a replayed "
                    + "request is traced alike; a traced request's trace goes to topics.traces and the trace store. "
                    + "An untraced request builds no trace.");

    public static final ConfigOption<String> TRACE_PINNED_USERS = ConfigOptions.key("trace.pinned-users")
            .stringType().defaultValue("")
            .withDescription("Comma-separated user IDs whose every recall request is traced, whatever trace.sample-rate says.");

    public static final ConfigOption<String> TRACE_TOPIC = ConfigOptions.key("topics.traces")
            .stringType().defaultValue("recall-traces")
            .withDescription("Topic receiving every trace (RecallTrace, Avro single-object encoding, keyed by user); "
                    + "empty: traces go to the trace store only.");

    public static final ConfigOption<Integer> TRACE_MAX_PROMPT_CHARS = ConfigOptions.key("trace.max-prompt-chars")
            .intType().defaultValue(8_000)
            .withDescription("A trace keeps at most this many characters of the prompt (and its full length), so a trace stays small.");

    /** All options, for documentation and for checking the README's configuration table. */
    public static List<ConfigOption<?>> all() {
        return List.of(KAFKA_BOOTSTRAP, KAFKA_GROUP_ID, BEHAVIOUR_TOPIC, PROFILE_TOPIC, DEAD_LETTER_TOPIC,
                STARTING_OFFSETS, MIN_EVENT_TIME_AGE, MAX_FUTURE_SKEW, BOOTSTRAP_UNTIL, MAX_ID_LENGTH, ID_FORBIDDEN_CHARACTERS,
                MAX_ATTRIBUTES, MAX_ATTRIBUTE_LENGTH,                MAX_PRICE, MAX_ECPM, MAX_ARPU, DEAD_LETTER_MAX_PAYLOAD, FALLBACK_SEGMENTS, MAX_SEQUENCE_LENGTH, USER_STATE_TTL, STATE_TTL_CLEANUP_KEYS, USER_CACHE_MAX_USERS,
                RULES_TOPIC, RULES_INITIAL, MAX_OUT_OF_ORDERNESS, SEMANTIC_IDS_DIR, CATALOGUE_TOPIC, CATALOGUE_MAX_WAIT, DICTIONARIES_DIR, DICTIONARIES_RELOAD, INFERENCE_CAPACITY, INFERENCE_TOP_TIER_RESERVE, INFERENCE_TIER_PRIORITY, INFERENCE_TIMEOUT,
                STORE_RETRY_INITIAL_BACKOFF, STORE_RETRY_MAX_BACKOFF, BUFFER_TIMEOUT, CHECKPOINT_INTERVAL,
                TRACE_SAMPLE_RATE, TRACE_PINNED_USERS, TRACE_TOPIC, TRACE_MAX_PROMPT_CHARS);
    }
}
