package io.nearline.recall.prompt;

import static io.nearline.recall.prompt.Behaviours.MINUTE;
import static io.nearline.recall.prompt.Behaviours.T0;
import static io.nearline.recall.prompt.Behaviours.adClick;
import static io.nearline.recall.prompt.Behaviours.contentView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenBudgetTest {

    private final PromptMetrics metrics = new PromptMetrics();

    private IncrementalPromptBuilder builder(int maxTokens, String... more) {
        PromptOptions o = PromptOptions.defaults().with("prompt.budget.max-tokens", Integer.toString(maxTokens))
                .with("prompt.layout.block-size", "4").with("prompt.layout.recent-max", "8")
                .with("prompt.budget.keep-newest", "3");
        for (int i = 0; i < more.length; i += 2) {
            o = o.with(more[i], more[i + 1]);
        }
        return IncrementalPromptBuilder.create(o, TextDictionary.fromClasspath(metrics), Behaviours.distinctIds(),
                metrics);
    }

    private static List<String> ids(List<BehaviourEntry> entries) {
        return entries.stream().map(e -> e.objectId).toList();
    }

    @Test
    void noPromptExceedsTheBudgetAndTheInstructionIsAlwaysThere() {
        IncrementalPromptBuilder b = builder(160);
        PromptState s = PromptState.forUser("u1");
        b.updateProfile(s, Map.of("age_bucket", "age_45_54", "occupation", "lawyer"));
        for (int i = 1; i <= 400; i++) {
            b.append(s, i % 2 == 0 ? contentView("o" + i, T0 + i * MINUTE) : adClick("o" + i, T0 + i * MINUTE));
            Prompt p = b.render(s);
            assertTrue(p.tokens() <= 160, "append " + i + ": " + p.tokens() + " tokens");
            assertEquals(new EstimatedTokenCounter().count(p.text()), p.tokens(), "the token count is of the text");
            assertFalse(p.overBudget());
            assertTrue(p.text().startsWith("Task: predict the next ad"));
        }
        assertTrue(s.entriesCut > 0);
        assertTrue(metrics.budgetCuts() > 0);
    }

    @Test
    void frozenContentIsCutBeforeFrozenAdsAndTheOldestGoesFirst() {
        IncrementalPromptBuilder b = builder(0);
        PromptState s = PromptState.forUser("u1");
        for (int i = 1; i <= 13; i++) {
            b.append(s, adClick("o" + i, T0 + i * MINUTE));
            b.append(s, contentView("o" + (100 + i), T0 + i * MINUTE + 1));
        }
        assertEquals(List.of("o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8"), ids(s.frozenAd));
        assertEquals(List.of("o101", "o102", "o103", "o104", "o105", "o106", "o107", "o108"), ids(s.frozenContent));
        CutRule rule = new CutRule(b.options());
        assertEquals(4, rule.cutOne(s));
        assertEquals(List.of("o105", "o106", "o107", "o108"), ids(s.frozenContent));
        assertEquals(8, s.frozenAd.size());
        rule.cutOne(s);
        rule.cutOne(s);
        assertEquals(List.of("o5", "o6", "o7", "o8"), ids(s.frozenAd));
        assertEquals(List.of(), s.frozenContent);
    }

    @Test
    void afterTheHistoryOldRecentContentThenOldRecentAdsGoButNeverTheNewestK() {
        IncrementalPromptBuilder b = builder(0);
        PromptState s = PromptState.forUser("u1");
        for (int i = 1; i <= 6; i++) {
            b.append(s, adClick("o" + i, T0 + i * MINUTE));
            b.append(s, contentView("o" + (100 + i), T0 + i * MINUTE + 1));
        }
        CutRule rule = new CutRule(b.options());
        assertEquals(3, rule.cutOne(s), "recent content beyond the newest 3");
        assertEquals(List.of("o104", "o105", "o106"), ids(s.recentContent));
        assertEquals(6, s.recentAd.size());
        assertEquals(3, rule.cutOne(s));
        assertEquals(List.of("o4", "o5", "o6"), ids(s.recentAd));
        assertEquals(0, rule.cutOne(s), "nothing left that may be cut");
    }

    @Test
    void aCutGoesDownToTheLowWaterMarkSoCutsAreRare() {
        IncrementalPromptBuilder b = builder(200, "prompt.budget.low-water", "0.5");
        PromptState s = PromptState.forUser("u1");
        int cutsSeen = 0;
        long before = 0;
        for (int i = 1; i <= 300; i++) {
            b.append(s, adClick("o" + i, T0 + i * MINUTE));
            if (s.entriesCut != before) {
                cutsSeen++;
                assertTrue(b.render(s).tokens() <= 100, "after a cut at most half the budget");
                before = s.entriesCut;
            }
        }
        assertTrue(cutsSeen > 0 && cutsSeen < 300 / 10, "cuts: " + cutsSeen);
    }

    @Test
    void theEntryCapHoldsWithoutABudget() {
        IncrementalPromptBuilder b = builder(0, "prompt.state.max-entries", "20");
        PromptState s = PromptState.forUser("u1");
        for (int i = 1; i <= 500; i++) {
            b.append(s, adClick("o" + i, T0 + i * MINUTE));
            assertTrue(s.entryCount() <= 20);
        }
        assertEquals("o500", s.recentAd.get(s.recentAd.size() - 1).objectId);
    }
}
