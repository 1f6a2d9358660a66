package io.nearline.recall.prompt;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.prompt.sample.CatalogueCategories;
import io.nearline.recall.prompt.sample.StandInSemanticIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Prompt building while replaying a behaviour log, one prompt per behaviour, each operation a whole pass: the
 * incremental path (append + cached render) over every event, against three baselines in the same run: the same
 * with the recent part rendered whole on each append (as before its sections were kept), appending
 * then re-rendering the whole prompt from the state, and rebuilding each prompt from the user's raw history (what
 * a stateless job would do) for a seeded uniform sample of the events. {@link PromptBench} turns the times into
 * prompts per second per core.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class PromptBuildBenchmark {

    /** Events rebuilt from history per operation of the rebuild baseline. */
    public static final int REBUILD_SAMPLE = 500;

    /** A dataset path or "generator". */
    @Param("/work/shared/datasets/ml-100k")
    public String source;

    private IncrementalPromptBuilder builder;
    private List<BehaviourEvent> events;
    private int[] indexInUser;
    private int[] rebuildSample;
    private Map<String, List<BehaviourEvent>> byUser;
    private Map<String, Map<String, String>> profiles;

    @Setup(Level.Trial)
    public void load() {
        BehaviourLog log = BehaviourLogs.open(source, BehaviourLogOptions.defaults());
        PromptMetrics metrics = new PromptMetrics();
        builder = IncrementalPromptBuilder.create(PromptOptions.defaults(), TextDictionary.fromClasspath(metrics),
                StandInSemanticIds.fromCatalogue(log.catalogue()), metrics)
                .withCategories(new CatalogueCategories(log.catalogue()));
        events = new ArrayList<>();
        byUser = new HashMap<>();
        List<Integer> positions = new ArrayList<>();
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
            BehaviourEvent e = it.next();
            List<BehaviourEvent> history = byUser.computeIfAbsent(e.getUserId(), u -> new ArrayList<>());
            positions.add(history.size());
            history.add(e);
            events.add(e);
        }
        indexInUser = positions.stream().mapToInt(Integer::intValue).toArray();
        rebuildSample = new SplittableRandom(7).ints(REBUILD_SAMPLE, 0, events.size()).toArray();
        profiles = new HashMap<>();
        for (UserProfileUpdate p : log.profiles()) {
            profiles.put(p.getUserId(), p.getAttributes());
        }
    }

    /** Prompts one operation of each benchmark builds. */
    public int eventCount() {
        return events.size();
    }

    private PromptState freshState(String user) {
        PromptState s = PromptState.forUser(user);
        builder.updateProfile(s, profiles.getOrDefault(user, Map.of()));
        return s;
    }

    @Benchmark
    public void incrementalAppend(Blackhole out) {
        Map<String, PromptState> states = new HashMap<>();
        for (BehaviourEvent e : events) {
            PromptState s = states.computeIfAbsent(e.getUserId(), this::freshState);
            builder.append(s, e);
            out.consume(builder.render(s).text());
        }
    }

    /**
     * The incremental path as it was before the recent part was rendered a section at a time: each append renders
     * and counts the whole recent part, and counts the reused tokens apart (the sections kept are dropped first).
     */
    @Benchmark
    public void incrementalAppendRecentWhole(Blackhole out) {
        Map<String, PromptState> states = new HashMap<>();
        for (BehaviourEvent e : events) {
            PromptState s = states.computeIfAbsent(e.getUserId(), this::freshState);
            s.sectionsMade = null;
            builder.append(s, e);
            out.consume(builder.render(s).text());
        }
    }

    @Benchmark
    public void appendThenFullRender(Blackhole out) {
        Map<String, PromptState> states = new HashMap<>();
        for (BehaviourEvent e : events) {
            PromptState s = states.computeIfAbsent(e.getUserId(), this::freshState);
            builder.append(s, e);
            out.consume(builder.renderFromScratch(s));
        }
    }

    @Benchmark
    public void rebuildFromHistory(Blackhole out) {
        for (int at : rebuildSample) {
            BehaviourEvent e = events.get(at);
            PromptState s = freshState(e.getUserId());
            List<BehaviourEvent> history = byUser.get(e.getUserId());
            for (int i = 0; i <= indexInUser[at]; i++) {
                builder.append(s, history.get(i));
            }
            out.consume(builder.render(s).text());
        }
    }
}
