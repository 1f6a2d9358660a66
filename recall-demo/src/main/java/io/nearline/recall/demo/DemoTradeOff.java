package io.nearline.recall.demo;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.cache.RecallWriter;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.sink.RecallStoreSink;
import io.nearline.recall.testing.CounterSnapshotReporter;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import io.nearline.recall.tiering.ArpuSegments;
import io.nearline.recall.tiering.RulesParseResult;
import io.nearline.recall.tiering.RulesText;
import io.nearline.recall.tiering.TriggerRules;
import io.nearline.recall.tiering.TriggerRulesParser;
import io.nearline.recall.tiering.UserTier;
import io.nearline.recall.tradeoff.FallbackPublisher;
import io.nearline.recall.tradeoff.InferenceLatency;
import io.nearline.recall.tradeoff.PairedBootstrap;
import io.nearline.recall.tradeoff.PopularityFallback;
import io.nearline.recall.tradeoff.ReplayLog;
import io.nearline.recall.tradeoff.TierTally;
import io.nearline.recall.tradeoff.TradeOffSimulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;

/**
 * The demo's part in the trade-off: it publishes the history's popularity fallback before the replay (where the
 * ad server's reader and the job's live scorer find it), and afterwards runs the trade-off simulator on the same
 * log, rules and cut, so the job's figures stand beside the simulator's interval.
 */
final class DemoTradeOff {

    static final int DEPTH = 10;
    private static final int RESAMPLES = 1000;

    private DemoTradeOff() {
    }

    /** Writes each segment's fallback as of the cut; returns how many segments were written. */
    static int publishFallback(BehaviourLog log, long cutMillis, Configuration config) {
        TriggerRules segmentRules = rules(config.get(JobOptions.FALLBACK_SEGMENTS));
        PopularityFallback fallback = PopularityFallback.ofHistory(log, cutMillis, new ArpuSegments(segmentRules), DEPTH);
        Set<String> names = segmentRules.tiers().stream().map(UserTier::name).collect(Collectors.toSet());
        try (RecallWriter writer = new RecallWriter(RecallStoreSink.optionsFrom(config))) {
            return FallbackPublisher.publish(fallback, names, Instant.ofEpochMilli(cutMillis), writer).size();
        }
    }

    /**
     * Adds the job's first-engagement figures and the simulator's to the summary. The simulator runs with no
     * latency: the job scores a click two seconds of wall time after it, in which any answer has arrived, while
     * the compressed replay moves event time on by minutes.
     */
    static void compare(DemoSummary summary, BehaviourLog log, long cutMillis, String rulesLocation,
                        Configuration config) throws IOException {
        long targets = CounterSnapshotReporter.value(JobMetrics.FIRST_TARGETS);
        long covered = CounterSnapshotReporter.value(JobMetrics.FIRST_COVERED);
        long hitsCovered = CounterSnapshotReporter.value(JobMetrics.FIRST_HITS_COVERED);
        long hitsWithFallback = CounterSnapshotReporter.value(JobMetrics.FIRST_HITS_WITH_FALLBACK);
        summary.put("first_targets", targets)
                .put("first_covered", covered)
                .put("first_hits_covered", hitsCovered)
                .put("first_hits_with_fallback", hitsWithFallback)
                .put("first_coverage", ratio(covered, targets))
                .put("first_hr_at_10_given_coverage", ratio(hitsCovered, covered))
                .put("first_hr_at_10_with_fallback", ratio(hitsWithFallback, targets));
        Path work = Files.createTempDirectory("nearline-demo-trade-off");
        try {
            ReplayLog replay = ReplayLog.prepareAt(log, cutMillis, work);
            TriggerRules rules = rules(rulesLocation);
            TradeOffSimulation.Settings settings = TradeOffSimulation.Settings.withPromptDefaults(cutMillis,
                    InferenceLatency.fixed(0, config.get(JobOptions.INFERENCE_TIMEOUT).toMillis()), DEPTH, 1);
            TierTally simulated = TradeOffSimulation.run(log, rules, replay.model(),
                    new ArpuSegments(rules(config.get(JobOptions.FALLBACK_SEGMENTS))), settings).overall();
            PairedBootstrap bootstrap = new PairedBootstrap(List.of(simulated), RESAMPLES, 1);
            PairedBootstrap.Interval hr = bootstrap.ratio(simulated, TierTally.HITS_WITH_FALLBACK, TierTally.TARGETS);
            PairedBootstrap.Interval coverage = bootstrap.ratio(simulated, TierTally.COVERED, TierTally.TARGETS);
            double jobHr = ratio(hitsWithFallback, targets);
            summary.put("simulated_first_targets", simulated.targets())
                    .put("simulated_calls", simulated.calls())
                    .put("simulated_coverage", coverage.estimate())
                    .put("simulated_coverage_ci", List.of(coverage.low(), coverage.high()))
                    .put("simulated_hr_at_10_with_fallback", hr.estimate())
                    .put("simulated_hr_at_10_with_fallback_ci", List.of(hr.low(), hr.high()))
                    .put("job_within_simulated_ci", jobHr >= hr.low() && jobHr <= hr.high());
        } finally {
            EmbeddedKafkaBroker.deleteRecursively(work);
        }
    }

    private static TriggerRules rules(String location) {
        RulesParseResult parsed = TriggerRulesParser.parse(RulesText.load(location));
        if (!parsed.isValid()) {
            throw new IllegalArgumentException(location + ": " + parsed.describeErrors());
        }
        return parsed.rules();
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
