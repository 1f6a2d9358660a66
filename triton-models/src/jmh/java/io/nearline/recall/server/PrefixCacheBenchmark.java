package io.nearline.recall.server;

import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.PrefixKvCache;
import io.nearline.recall.prompt.PromptTemplate;
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
 * A replay of the job's prompts through the recall LLM with and without the prefix KV cache: one operation is the
 * whole replay (each prompt one search at beam 50, as a fresh server would see them, the cache starting empty),
 * so the time per request is the score over {@link #REQUESTS}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PrefixCacheBenchmark {

    static final int SKIP = 1500;
    static final int REQUESTS = 60;
    static final int BEAM_WIDTH = 50;
    static final long CACHE_BYTES = 256L << 20;

    @Param({"off", "on"})
    public String cache;

    private LlamaCheckpoint checkpoint;
    private PromptReplayFixture replay;
    private FrozenPrefix prefix;

    @Setup
    public void setUp() {
        checkpoint = BenchCheckpoint.load();
        replay = PromptReplayFixture.generate(SKIP, REQUESTS);
        prefix = FrozenPrefix.of(PromptTemplate.load(LocalServerOptions.DEFAULT_PROMPT_TEMPLATE));
    }

    @Benchmark
    public long replay() {
        return run(checkpoint, replay, prefix, cache.equals("on")).prefillTokens();
    }

    /** Runs the replay on a fresh model (and cache); returns the model for its counters. */
    static TransformerRecallModel run(LlamaCheckpoint checkpoint, PromptReplayFixture replay, FrozenPrefix prefix,
            boolean cached) {
        TransformerRecallModel model = new TransformerRecallModel(checkpoint,
                cached ? new PrefixKvCache(CACHE_BYTES) : null, prefix);
        for (String prompt : replay.prompts()) {
            ConstrainedBeamSearch.search(model, ModelContext.fromPrompt(prompt), replay.trie(), BEAM_WIDTH,
                    BEAM_WIDTH, replay.trie().maxLength(), () -> false);
        }
        return model;
    }
}
