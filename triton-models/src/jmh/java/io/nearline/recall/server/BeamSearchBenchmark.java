package io.nearline.recall.server;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Latency of one trie-constrained beam search over 10k four-level IDs (256 codes a level), by beam width. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BeamSearchBenchmark {

    @Param({"10", "100", "300"})
    public int beamWidth;

    private CodeTrie trie;
    private GenerativeRecallModel model;
    private ModelContext context;

    @Setup
    public void setUp() {
        List<int[]> ids = FixtureSemanticIds.generate(10_000, 4, 256, 42);
        trie = CodeTrie.of(ids);
        model = new FrequencyFixtureModel(256, 42);
        StringBuilder prompt = new StringBuilder("recent items:");
        for (int i = 0; i < 20; i++) {
            int[] id = ids.get(i * 97);
            prompt.append(' ').append(SemanticIdTokens.render(id, id.length));
        }
        context = ModelContext.fromPrompt(prompt.toString());
    }

    @Benchmark
    public List<RecalledId> search() {
        return ConstrainedBeamSearch.search(model, context, trie, beamWidth, beamWidth, 4, () -> false);
    }
}
