package io.nearline.recall.prompt.sample;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.prompt.AppendOutcome;
import io.nearline.recall.prompt.IncrementalPromptBuilder;
import io.nearline.recall.prompt.PrefixReuse;
import io.nearline.recall.prompt.Prompt;
import io.nearline.recall.prompt.PromptMetrics;
import io.nearline.recall.prompt.PromptState;
import io.nearline.recall.prompt.TokenCounter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Replays a behaviour log through a prompt builder as the serving job would, and measures the prompts: tokens,
 * prefix reuse against each user's previous prompt (per KV-cache block size), budget, dictionary coverage and
 * fan-out.
 */
public final class PromptReplay {

    /** KV-cache block sizes reuse is reported for: 1 (ideal), 32 and 64 tokens (TensorRT-LLM tokens_per_block). */
    public static final int[] KV_BLOCKS = {1, 32, 64};

    /** The figures of one replay. */
    public record Result(long events, long prompts, double meanPromptTokens, int maxPromptTokens,
            double meanFinalTokens, double[] reuseByBlock, double meanPerPromptReuse, double coverage,
            double fanOutPerPrompt, double fanOutFullRender, long budgetCuts, long prefixRenders,
            double builderReuseGauge) {
    }

    private PromptReplay() {
    }

    /** Replays {@code log}; {@code builder} must count into {@code metrics}, fresh for this replay. */
    public static Result run(BehaviourLog log, IncrementalPromptBuilder builder, PromptMetrics metrics) {
        TokenCounter counter = builder.tokenCounter();
        Map<String, PromptState> states = new HashMap<>();
        Map<String, String> previous = new HashMap<>();
        for (UserProfileUpdate p : log.profiles()) {
            PromptState s = states.computeIfAbsent(p.getUserId(), PromptState::forUser);
            builder.updateProfile(s, p.getAttributes());
            previous.put(p.getUserId(), builder.render(s).text());
        }
        long events = 0;
        long prompts = 0;
        long tokens = 0;
        int maxTokens = 0;
        long[] reused = new long[KV_BLOCKS.length];
        double ratioSum = 0;
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
            BehaviourEvent e = it.next();
            events++;
            PromptState s = states.computeIfAbsent(e.getUserId(), PromptState::forUser);
            AppendOutcome outcome = builder.append(s, e);
            if (outcome == AppendOutcome.IGNORED_IMPRESSION || outcome == AppendOutcome.MERGED_REPEAT) {
                continue; // the prompt did not change: nothing new to infer on
            }
            Prompt p = builder.render(s);
            String before = previous.put(e.getUserId(), p.text());
            prompts++;
            tokens += p.tokens();
            maxTokens = Math.max(maxTokens, p.tokens());
            for (int b = 0; b < KV_BLOCKS.length; b++) {
                reused[b] += PrefixReuse.reusedTokens(before, p.text(), counter, KV_BLOCKS[b]);
            }
            ratioSum += p.tokens() == 0 ? 0 : (double) PrefixReuse.reusedTokens(before, p.text(), counter, 1) / p.tokens();
        }
        long lookupsBefore = metrics.lookups();
        long finalTokens = 0;
        for (PromptState s : states.values()) {
            finalTokens += counter.count(builder.renderFromScratch(s));
        }
        double fullFanOut = (double) (metrics.lookups() - lookupsBefore) / Math.max(1, states.size());
        double[] reuse = new double[KV_BLOCKS.length];
        for (int b = 0; b < KV_BLOCKS.length; b++) {
            reuse[b] = tokens == 0 ? 0 : (double) reused[b] / tokens;
        }
        return new Result(events, prompts, prompts == 0 ? 0 : (double) tokens / prompts, maxTokens,
                (double) finalTokens / Math.max(1, states.size()), reuse, prompts == 0 ? 0 : ratioSum / prompts,
                metrics.coverage(), (double) lookupsBefore / Math.max(1, metrics.prompts()), fullFanOut,
                metrics.budgetCuts(), metrics.prefixRenders(), metrics.prefixReuse());
    }
}
