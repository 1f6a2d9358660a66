package io.nearline.recall.tradeoff;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.tiering.ArpuSegments;
import io.nearline.recall.tiering.RulesTradeOff;
import io.nearline.recall.tiering.TriggerRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code RulesCli simulate}'s trade-off table: the rule set beside every-event rules on one log, with the defaults
 * of {@code bin/trade-off} (half the log as history, its count model, log-normal latency, the shipped default
 * rules' tiers as fallback segments). Found by {@link java.util.ServiceLoader} through {@link RulesTradeOff}.
 */
public final class EveryEventTradeOff implements RulesTradeOff {

    private static final int DEPTH = 10;
    private static final long SEED = 1;
    private static final double HISTORY_SHARE = Double.parseDouble(TradeOffCommand.DEFAULT_HISTORY_SHARE);
    private static final double LATENCY_P50_MS = Double.parseDouble(TradeOffCommand.DEFAULT_LATENCY_P50);
    private static final double LATENCY_P99_MS = Double.parseDouble(TradeOffCommand.DEFAULT_LATENCY_P99);
    private static final long TIMEOUT_MS = Long.parseLong(TradeOffCommand.DEFAULT_TIMEOUT);

    @Override
    public String render(TriggerRules rules, BehaviourLog log) {
        Path work = null;
        try {
            work = Files.createTempDirectory("rules-trade-off");
            ReplayLog replay = ReplayLog.prepare(log, HISTORY_SHARE, work);
            InferenceLatency latency = new InferenceLatency(LATENCY_P50_MS, LATENCY_P99_MS, TIMEOUT_MS);
            TradeOffSimulation.Settings settings = TradeOffSimulation.Settings.withPromptDefaults(replay.cutMillis(), latency, DEPTH,
                    SEED);
            ArpuSegments segments = new ArpuSegments(TradeOffCommand.load(TradeOffCommand.DEFAULT_SEGMENTS));
            TriggerRules everyEvent = TradeOffCommand.load(TradeOffCommand.EVERY_EVENT);
            List<TradeOffRun> runs = Stream.of(everyEvent, rules)
                    .map(r -> TradeOffSimulation.run(log, r, replay.model(), segments, settings)).toList();
            return String.format(Locale.ROOT, "Trade-off in event time against every-event rules (%s: %d history and %d"
                            + " live behaviours; latency %s; recall: the count model's top %d; fallback: the history's"
                            + " most engaged objects per ARPU segment; more: bin/trade-off):%n%n", log.name(),
                    replay.historyEvents(), replay.liveEvents(), latency.describe(), DEPTH)
                    + TradeOffTable.render(runs, DEPTH, SEED);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the trade-off replay: " + e.getMessage(), e);
        } finally {
            delete(work);
        }
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing the report for
        }
    }
}
