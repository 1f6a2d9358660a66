package io.nearline.recall.prompt;

import static io.nearline.recall.prompt.Behaviours.MINUTE;
import static io.nearline.recall.prompt.Behaviours.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.Domain;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The recent part rendered a section at a time gives exactly the text, tokens and prefix reuse of a whole render:
 * over random behaviours of both domains (new entries, runs, repeats, conversions, impressions), freezes, budget
 * cuts, profile changes, a semantic-ID version change and a restore that drops the kept sections.
 */
class RecentSectionsTest {

    private static final Action[] ACTIONS = {Action.CLICK, Action.CLICK, Action.CONVERSION, Action.IMPRESSION,
        Action.CONTENT_VIEW, Action.CONTENT_VIEW};

    @Test
    void withTheTokenEstimate() {
        for (PromptOptions options : options()) {
            check(options, new EstimatedTokenCounter());
        }
    }

    @Test
    void withACounterThatDoesNotAddUpAcrossLines_thePartIsRenderedWhole() {
        TokenCounter perFourChars = text -> (text.length() + 3) / 4;
        for (PromptOptions options : options()) {
            check(options, perFourChars);
        }
    }

    private static PromptOptions[] options() {
        PromptOptions defaults = PromptOptions.defaults();
        return new PromptOptions[] {
            defaults,
            defaults.with("prompt.budget.max-tokens", "0"),
            defaults.with("prompt.budget.max-tokens", "120").with("prompt.clean.include-impressions", "true"),
            defaults.with("prompt.clean.run-key", "CATEGORY").with("prompt.layout.block-size", "2")
                    .with("prompt.layout.recent-max", "3"),
        };
    }

    private static void check(PromptOptions options, TokenCounter counter) {
        PromptMetrics metrics = new PromptMetrics();
        Behaviours.SidTable sids = new Behaviours.SidTable();
        for (int o = 0; o < 40; o += 3) { // some objects have no semantic ID and render by the fallback
            sids.put("o" + o, "<a_" + o % 5 + "><b_" + o + ">");
        }
        IncrementalPromptBuilder builder = new IncrementalPromptBuilder(options, PromptTemplate.load(options.template),
                TextDictionary.fromClasspath(metrics), sids, ObjectCategories.NONE, counter, metrics);
        Random random = new Random(11);
        PromptState state = PromptState.forUser("u1");
        long time = T0;
        for (int step = 0; step < 3_000; step++) {
            if (step % 500 == 250) {
                sids.version = "sid-" + step; // the next append renders everything again
            }
            if (step % 400 == 399) {
                builder.updateProfile(state, Map.of("age_bucket", step % 800 == 399 ? "age_18_24" : "age_25_34"));
            }
            if (step % 300 == 150) {
                state.sectionsMade = null; // as after a restore: the kept sections are not trusted
            }
            Action action = ACTIONS[random.nextInt(ACTIONS.length)];
            Domain domain = action == Action.CONTENT_VIEW ? Domain.CONTENT : Domain.AD;
            time += random.nextInt(3) == 0 ? 40 * MINUTE : MINUTE;
            String category = random.nextInt(3) == 0 ? "Drama" : "Comedy";
            String oldPrefix = state.prefixText;
            String oldRecent = state.recentText;
            long reusedBefore = metrics.reusedTokens();
            builder.append(state, Behaviours.event("u1", "o" + random.nextInt(40), action, domain, time, null,
                    Map.of("category", category)));
            String where = "step " + step + " of " + options.maxTokens + "/" + options.runKey;
            if (state.prefixText == null) {
                continue; // an ignored impression before anything was rendered
            }
            assertEquals(builder.renderFromScratch(state), state.prefixText + state.recentText, where);
            assertEquals(counter.count(state.recentText), state.recentTokens, where);
            int expectedPromptTokens = counter.additiveAcrossLines() ? counter.count(state.prefixText)
                    + counter.count(state.recentText) : counter.count(state.prefixText + state.recentText);
            assertEquals(expectedPromptTokens, state.promptTokens, where);
            if (metrics.reusedTokens() != reusedBefore || oldRecent != state.recentText) {
                assertEquals(expectedReuse(oldPrefix, oldRecent, state, counter), metrics.reusedTokens() - reusedBefore,
                        where);
            }
        }
        assertTrue(metrics.prefixReuse() > 0.5, "prefix reuse " + metrics.prefixReuse());
    }

    /** The reuse as the builder counted it before the recent part was rendered a section at a time. */
    private static int expectedReuse(String oldPrefix, String oldRecent, PromptState state, TokenCounter counter) {
        if (oldPrefix == null) {
            return 0;
        }
        if (oldPrefix == state.prefixText && counter.additiveAcrossLines()) {
            return state.prefixTokens + PrefixReuse.reusedTokens(oldRecent, state.recentText, counter, 1);
        }
        return PrefixReuse.reusedTokens(oldPrefix + oldRecent, state.prefixText + state.recentText, counter, 1);
    }
}
