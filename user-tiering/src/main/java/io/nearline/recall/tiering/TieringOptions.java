package io.nearline.recall.tiering;

import java.util.List;

/**
 * Every tunable of the rules file in one place: fields, defaults, ceilings and meaning. The rules file is an ops file
 * format with its own parser and validation ({@link TriggerRulesParser}), not configuration keys; the options of
 * {@link RulesCli} are its picocli annotations. The module README's reference tables are checked against
 * {@link #RULE_FIELDS} and the CLI's command spec.
 */
public final class TieringOptions {

    private TieringOptions() {}

    /** One documented field of a rules file: its path, its default ("required" when there is none), its meaning. */
    public record RuleField(String key, String defaultValue, String meaning) {}

    /** Weight of the newest ARPU observation in the EWMA; 1 means no smoothing. */
    public static final double DEFAULT_ARPU_SMOOTHING = 0.3;
    /** Relative margin a smoothed ARPU must clear beyond a tier boundary before the tier changes. */
    public static final double DEFAULT_ARPU_HYSTERESIS = 0.1;
    /** Highest behaviour value grade; priorities reserve {@code MAX_GRADE + 1} slots per tier. */
    public static final int MAX_GRADE = 9;
    /**
     * Hard ceiling of the global budget in inference requests per second. Far above what one GPU pool of this job
     * serves, so it only stops typos (an extra zero) from unleashing every behaviour onto the GPUs.
     */
    public static final double MAX_REQUESTS_PER_SECOND = 5_000;
    /** Hard ceiling of the token-bucket burst. */
    public static final int MAX_BURST = 50_000;
    /** Hard ceiling of the queue in front of the budget; the gate keeps it in memory. */
    public static final int MAX_QUEUE_CAPACITY = 1_000_000;
    /** Queue slots when the rules file names none. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** How long a request may wait for a token before it is shed, when the rules file names no limit. */
    public static final long DEFAULT_MAX_WAIT_MS = 2_000;
    /** The Kafka topic rules are published to. */
    public static final String DEFAULT_RULES_TOPIC = "recall-rules";
    /** The Kafka record key rules travel under. */
    public static final String RULES_RECORD_KEY = "rules";

    /** The arm of every user when the rules declare no {@code arms}; also what a recall stored without one reads as. */
    public static final String DEFAULT_ARM = "control";
    /** Users are hashed into this many buckets; an arm's share is a whole number of them (a multiple of 0.0001). */
    public static final int ARM_BUCKETS = 10_000;
    /** The murmur3_32 seed of the user hash. Changing it moves every user to another arm: never change it. */
    public static final int ARM_HASH_SEED = 0x5eed_a125;
    /** Most arms one rules file may run at once. */
    public static final int MAX_ARMS = 16;
    /** Hard ceiling of an arm's beam width, far above what a GPU serves in time. */
    public static final int MAX_BEAM_WIDTH = 256;

    /** Every field of a rules file, in README order. */
    public static final List<RuleField> RULE_FIELDS = List.of(
            new RuleField("version", "required", "Version of this rule set (any non-empty text); recorded with every recall. Bump it on every change."),
            new RuleField("description", "(empty)", "Free text for humans; ignored by the engine."),
            new RuleField("arpu.smoothing", String.valueOf(DEFAULT_ARPU_SMOOTHING),
                    "EWMA weight of each new ARPU profile update, in (0, 1]; 1 = use the latest ARPU as is."),
            new RuleField("arpu.hysteresis", String.valueOf(DEFAULT_ARPU_HYSTERESIS),
                    "Relative margin in [0, 1): a user leaves its tier only when the smoothed ARPU is this fraction above the next tier's minArpu or below its own."),
            new RuleField("arpu.unknownTier", "(lowest tier)", "Tier of users with no ARPU yet."),
            new RuleField("grades.<DOMAIN>.<ACTION>", "see grades table",
                    "Value grade 0..9 of a behaviour by domain (AD, CONTENT) and action (IMPRESSION, CLICK, CONVERSION, CONTENT_VIEW)."),
            new RuleField("tiers[].name", "required", "Tier name (unique); used in metrics and reports."),
            new RuleField("tiers[].minArpu", "required",
                    "Smoothed ARPU from which the tier starts; the first tier must start at 0, later ones strictly ascending."),
            new RuleField("tiers[].fireAtGrade", "(never)", "Fire at once (no debounce) on a behaviour of this grade or higher."),
            new RuleField("tiers[].countFromGrade", "0", "Only behaviours of this grade or higher count toward everyN."),
            new RuleField("tiers[].everyN", "0 (off)", "Fire once this many counted behaviours arrived since the last inference."),
            new RuleField("tiers[].debounceMs", "0 (off)", "An everyN fire waits until the user has been quiet this long."),
            new RuleField("tiers[].debounceMaxMs", "0 (no limit)", "A debounced fire waits at most this long after it became due."),
            new RuleField("tiers[].cooldownMs", "0 (off)", "Minimum time between two inferences of one user; a fire due earlier waits until then."),
            new RuleField("tiers[].dailyCap", "(unlimited)", "Most inferences per user per UTC day; 0 mutes the tier."),
            new RuleField("budget.requestsPerSecond", "required",
                    "Global inference requests per second across the job, > 0 and at most " + (long) MAX_REQUESTS_PER_SECOND + "."),
            new RuleField("budget.burst", "(requestsPerSecond rounded up)", "Token-bucket size: requests admitted at once after a quiet spell, 1.." + MAX_BURST
                    + ", and at least a millisecond's tokens (requestsPerSecond / 1000, rounded up): the budget decides once per millisecond."),
            new RuleField("budget.queueCapacity", String.valueOf(DEFAULT_QUEUE_CAPACITY),
                    "Requests that may wait for a token, 1.." + MAX_QUEUE_CAPACITY + "; when full the lowest priority is shed."),
            new RuleField("budget.maxWaitMs", String.valueOf(DEFAULT_MAX_WAIT_MS), "A request not admitted within this long is shed (0 = admit now or shed)."),
            new RuleField("budget.replaceQueued", "false", "A user's new request replaces their request still waiting for a token, keeping its place."),
            new RuleField("arms[].name", "required (no arms: one arm `" + DEFAULT_ARM + "`)",
                    "Arm name (unique; 1 to 32 of a-z, 0-9, _ and -); a metric label, stored with every recall and trace."),
            new RuleField("arms[].share", "required",
                    "Fraction of users in the arm, in (0, 1], a multiple of 0.0001; the shares add up to 1."),
            new RuleField("arms[].description", "(empty)", "Free text for humans."),
            new RuleField("arms[].beamWidth", "0 (the job's `triton.beam-width`)", "Beams searched per call, 1.." + MAX_BEAM_WIDTH + "."),
            new RuleField("arms[].returnedSequences", "0 (the job's, cut to the beam width)",
                    "Beams returned per call, at most the arm's beamWidth."),
            new RuleField("arms[].modelName", "(the job's `triton.model-name`)", "The Triton model the arm's calls go to."),
            new RuleField("arms[].modelVersion", "(see meaning)",
                    "The model's version; left out: the job's `triton.model-version` when the arm names no model, else the server's latest."));
}
