package io.nearline.recall.demo;

import io.nearline.recall.server.FusionRecallModel;
import io.nearline.recall.server.GenerativeRecallModel;
import io.nearline.recall.server.LocalServerOptions;
import java.util.Locale;

/** The model the demo's inference server generates with ({@code --model}). */
enum DemoModel {
    /** The sequential count model over semantic-ID codes (trains in under a second). */
    COUNT,
    /** The recall LLM: a small Llama-layout transformer trained on the prompts (a minute or two). */
    TRANSFORMER,
    /** The recall LLM's log-probabilities plus the count model's, weighted by the server's default. */
    FUSION;

    static DemoModel parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--model is count, transformer or fusion, was " + value);
        }
    }

    GenerativeRecallModel serve(GenerativeRecallModel llm, GenerativeRecallModel count) {
        return switch (this) {
            case COUNT -> count;
            case TRANSFORMER -> llm;
            case FUSION -> new FusionRecallModel(llm, count, LocalServerOptions.DEFAULT_FUSION_WEIGHT);
        };
    }

    String flag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
