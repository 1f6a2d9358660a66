package io.nearline.recall.server;

import io.nearline.recall.model.ModelTrainer;
import io.nearline.recall.model.RecallModelOptions;
import io.nearline.recall.model.SemanticIdSet;
import io.nearline.recall.semantic.IdFormat;
import io.nearline.recall.semantic.SemanticId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Latency of one request's beam search with the trained count model and the recall LLM (transformer, random
 * weights at its CPU size, no prefix cache) against the frequency fixture (the baseline), over the same 10k
 * four-level IDs and one prompt of about 150 tokens in the job's layout, by beam width. The count model is fitted
 * in setup on synthetic users who each browse one block of 200 neighbouring objects, 20 items each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TrainedModelBenchmark {

    @Param({"fixture", "trained", "transformer"})
    public String model;

    @Param({"10", "50", "300"})
    public int beamWidth;

    private CodeConstraint trie;
    private GenerativeRecallModel searched;
    private String prompt;

    @Setup
    public void setUp() {
        List<int[]> ids = FixtureSemanticIds.generate(10_000, 4, 256, 42);
        trie = CodeTrie.of(ids);
        if (model.equals("fixture")) {
            searched = new FrequencyFixtureModel(256, 42);
        } else if (model.equals("transformer")) {
            searched = new TransformerRecallModel(BenchCheckpoint.load(), null,
                    new FrozenPrefix(List.of("Recent ads:", "Recent content:")));
        } else {
            Map<String, SemanticId> byObject = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                byObject.put("m" + i, SemanticId.of(ids.get(i)));
            }
            SemanticIdSet set = new SemanticIdSet(new IdFormat(4, 256, 256), 1, "fixture", byObject);
            searched = new RecallModelAdapter(ModelTrainer.train(sequences(), set, "benchmark",
                    RecallModelOptions.defaults()).model());
        }
        prompt = BenchCheckpoint.prompt(ids, 1000);
    }

    private static List<List<String>> sequences() {
        SplittableRandom random = new SplittableRandom(7);
        List<List<String>> sequences = new ArrayList<>();
        for (int user = 0; user < 5000; user++) {
            int block = random.nextInt(50) * 200;
            List<String> sequence = new ArrayList<>();
            for (int step = 0; step < 20; step++) {
                sequence.add("m" + (block + random.nextInt(200)));
            }
            sequences.add(sequence);
        }
        return sequences;
    }

    @Benchmark
    public List<RecalledId> search() {
        // a new context per request, as the server parses each request's prompt
        return ConstrainedBeamSearch.search(searched, ModelContext.fromPrompt(prompt), trie, beamWidth, beamWidth, 4,
                () -> false);
    }
}
