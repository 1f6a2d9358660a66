package io.nearline.recall.demo;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.PrefixKvCache;
import io.nearline.recall.prompt.PromptOptions;
import io.nearline.recall.prompt.PromptTemplate;
import io.nearline.recall.prompt.sample.SampleCommand;
import io.nearline.recall.prompt.sample.TrainingSamples;
import io.nearline.recall.server.FrozenPrefix;
import io.nearline.recall.server.GenerativeRecallModel;
import io.nearline.recall.server.LocalServerOptions;
import io.nearline.recall.server.RecallLlmRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The demo's recall LLM: SFT and DPO samples of the history written by the same prompt code the job serves
 * with, the project's PyTorch trainer, and the checkpoint served as the server serves it by default (ONNX Runtime
 * over the export the trainer writes beside the weights, {@code server.transformer-runtime=auto}) with the prefix
 * KV cache. A checkpoint whose codebook is not the catalogue's is refused.
 */
final class RecallLlm {

    /** Every user's last six ad clicks or conversions are samples (Tencent's multi-response samples). */
    static final PromptOptions SAMPLING = PromptOptions.of(Map.of("sample.active-min-responses", "1", "sample.last-n", "6"));

    private RecallLlm() {}

    static GenerativeRecallModel trained(BehaviourLog history, Path idsDirectory, String python) throws IOException {
        Path work = Files.createTempDirectory("nearline-recall-llm-");
        Path samples = work.resolve("samples.jsonl");
        Path objects = work.resolve("objects.tsv");
        TrainingSamples.Summary summary = SampleCommand.export(history, idsDirectory, SAMPLING, samples, objects);
        say("recall LLM: " + summary.sft() + " SFT samples and " + summary.dpo() + " DPO pairs from the history of "
                + summary.users() + " users, mean prompt " + Math.round(summary.meanPromptTokens()) + " tokens; training "
                + String.join(" ", RecallLlmTraining.DEMO_MODEL));
        Path checkpoint = work.resolve("checkpoint");
        long started = System.nanoTime();
        try {
            RecallLlmTraining.train(python, samples, objects, checkpoint, line -> {
                if (line.contains("step") || line.contains("HR@") || line.contains("params") || line.contains("DPO")) {
                    say("train: " + line.strip());
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while training the recall LLM", e);
        }
        LlamaCheckpoint loaded = LlamaCheckpoint.load(checkpoint);
        String catalogueVersion = versionOf(objects);
        if (!loaded.config().codebookVersion().equals(catalogueVersion)) {
            throw new IllegalStateException("the recall LLM was trained on codebook " + loaded.config().codebookVersion()
                    + " but the catalogue's is " + catalogueVersion);
        }
        say(String.format("recall LLM trained in %.0f s: %s", (System.nanoTime() - started) / 1e9, checkpoint));
        return RecallLlmRuntime.load(loaded, LocalServerOptions.TRANSFORMER_RUNTIME.defaultValue(),
                LocalServerOptions.ONNX_THREADS.defaultValue(),
                new PrefixKvCache(LocalServerOptions.DEFAULT_PREFIX_CACHE_BYTES),
                FrozenPrefix.of(PromptTemplate.load(LocalServerOptions.DEFAULT_PROMPT_TEMPLATE)));
    }

    /** The semantic-ID version in the objects file's header line. */
    private static String versionOf(Path objects) throws IOException {
        List<String> lines = Files.readAllLines(objects);
        String header = lines.isEmpty() ? "" : lines.get(0);
        return header.startsWith("# semantic-id-version=") ? header.substring("# semantic-id-version=".length()).strip() : "";
    }

    private static void say(String line) {
        System.out.println("[demo] " + line);
    }
}
