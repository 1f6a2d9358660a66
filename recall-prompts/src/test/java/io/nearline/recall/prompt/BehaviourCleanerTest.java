package io.nearline.recall.prompt;

import static io.nearline.recall.prompt.Behaviours.MINUTE;
import static io.nearline.recall.prompt.Behaviours.T0;
import static io.nearline.recall.prompt.Behaviours.adClick;
import static io.nearline.recall.prompt.Behaviours.contentView;
import static io.nearline.recall.prompt.Behaviours.conversion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.Domain;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BehaviourCleanerTest {

    private final PromptState state = PromptState.forUser("u1");

    private static BehaviourCleaner cleaner(String... overrides) {
        PromptOptions o = PromptOptions.defaults();
        for (int i = 0; i < overrides.length; i += 2) {
            o = o.with(overrides[i], overrides[i + 1]);
        }
        return new BehaviourCleaner(o);
    }

    private static List<String> objects(List<BehaviourEntry> entries) {
        return entries.stream().map(e -> e.objectId).toList();
    }

    @Test
    void repeatedClicksOnTheSameObjectWithinTheWindowCollapseToOne() {
        BehaviourCleaner c = cleaner();
        assertEquals(AppendOutcome.NEW_ENTRY, c.clean(state, adClick("o1", T0), "<a_1>", null));
        assertEquals(AppendOutcome.MERGED_REPEAT, c.clean(state, adClick("o1", T0 + 5_000), "<a_1>", null));
        assertEquals(AppendOutcome.NEW_ENTRY, c.clean(state, adClick("o2", T0 + 6_000), "<a_2>", null));
        assertEquals(AppendOutcome.MERGED_REPEAT, c.clean(state, adClick("o1", T0 + 29 * MINUTE), "<a_1>", null));
        assertEquals(List.of("o1", "o2"), objects(state.recentAd));
        assertEquals(2, state.recentAd.get(0).repeats);
    }

    @Test
    void aRepeatAfterTheWindowIsShownAgain() {
        BehaviourCleaner c = cleaner("prompt.clean.run-key", "NONE");
        c.clean(state, adClick("o1", T0), "<a_1>", null);
        assertEquals(AppendOutcome.NEW_ENTRY, c.clean(state, adClick("o1", T0 + 31 * MINUTE), "<a_1>", null));
        assertEquals(List.of("o1", "o1"), objects(state.recentAd));
    }

    @Test
    void aConversionWithinTheAttributionWindowMergesWithItsClick() {
        BehaviourCleaner c = cleaner();
        c.clean(state, adClick("o1", T0), "<a_1>", null);
        c.clean(state, adClick("o2", T0 + MINUTE), "<a_2>", null);
        assertEquals(AppendOutcome.MERGED_CONVERSION, c.clean(state, conversion("o1", T0 + 23 * 60 * MINUTE), "<a_1>", null));
        assertEquals(List.of("o1", "o2"), objects(state.recentAd));
        assertTrue(state.recentAd.get(0).showsConversion());
        assertFalse(state.recentAd.get(1).showsConversion());
    }

    @Test
    void aConversionAfterTheAttributionWindowOrOnAnotherObjectStandsAlone() {
        BehaviourCleaner c = cleaner();
        c.clean(state, adClick("o1", T0), "<a_1>", null);
        assertEquals(AppendOutcome.NEW_ENTRY, c.clean(state, conversion("o1", T0 + 25 * 60 * MINUTE), "<a_1>", null));
        assertEquals(AppendOutcome.NEW_ENTRY, c.clean(state, conversion("o9", T0 + 25 * 60 * MINUTE + 1), "<a_9>", null));
        assertEquals(List.of("o1", "o1", "o9"), objects(state.recentAd));
        assertFalse(state.recentAd.get(0).converted);
        assertEquals(Action.CONVERSION, state.recentAd.get(2).action);
    }

    @Test
    void consecutiveObjectsSharingASemanticIdPrefixCompressIntoOneWithACount() {
        BehaviourCleaner c = cleaner(); // default: 3 shared levels
        c.clean(state, adClick("o1", T0), "<a_1><b_2><c_3><d_1>", null);
        assertEquals(AppendOutcome.RUN_EXTENDED, c.clean(state, adClick("o2", T0 + 1), "<a_1><b_2><c_3><d_2>", null));
        assertEquals(AppendOutcome.RUN_EXTENDED, c.clean(state, adClick("o3", T0 + 2), "<a_1><b_2><c_3><d_3>", null));
        assertEquals(AppendOutcome.NEW_ENTRY, c.clean(state, adClick("o4", T0 + 3), "<a_1><b_2><c_4><d_1>", null));
        assertEquals(List.of("o1", "o4"), objects(state.recentAd));
        assertEquals(3, state.recentAd.get(0).count);
    }

    @Test
    void runCompressionByCategoryOrNoneIsConfigurable() {
        BehaviourCleaner byCategory = cleaner("prompt.clean.run-key", "CATEGORY");
        byCategory.clean(state, adClick("o1", T0), "<a_1>", "Comedy");
        byCategory.clean(state, adClick("o2", T0 + 1), "<a_2>", "Comedy");
        byCategory.clean(state, adClick("o3", T0 + 2), "<a_3>", "Drama");
        assertEquals(List.of(2, 1), state.recentAd.stream().map(e -> e.count).toList());

        PromptState other = PromptState.forUser("u1");
        BehaviourCleaner none = cleaner("prompt.clean.run-key", "NONE");
        none.clean(other, adClick("o1", T0), "<a_1><b_2><c_3><d_1>", "Comedy");
        none.clean(other, adClick("o2", T0 + 1), "<a_1><b_2><c_3><d_2>", "Comedy");
        assertEquals(List.of("o1", "o2"), objects(other.recentAd));
    }

    @Test
    void aConvertedClickDoesNotAbsorbARun() {
        BehaviourCleaner c = cleaner();
        c.clean(state, adClick("o1", T0), "<a_1><b_2><c_3><d_1>", null);
        c.clean(state, conversion("o1", T0 + MINUTE), "<a_1><b_2><c_3><d_1>", null);
        assertEquals(AppendOutcome.NEW_ENTRY, c.clean(state, adClick("o2", T0 + 2 * MINUTE), "<a_1><b_2><c_3><d_2>", null));
    }

    @Test
    void impressionsAreNotShownUnlessConfigured() {
        var impression = Behaviours.event("u1", "o1", Action.IMPRESSION, Domain.AD, T0);
        assertEquals(AppendOutcome.IGNORED_IMPRESSION, cleaner().clean(state, impression, "<a_1>", null));
        assertTrue(state.recentAd.isEmpty());
        assertEquals(AppendOutcome.NEW_ENTRY,
                cleaner("prompt.clean.include-impressions", "true").clean(state, impression, "<a_1>", null));
        assertEquals(Action.IMPRESSION, state.recentAd.get(0).action);
    }

    @Test
    void adAndContentBehavioursStayInSeparateSequences() {
        BehaviourCleaner c = cleaner();
        c.clean(state, adClick("o1", T0), "<a_1>", null);
        c.clean(state, contentView("o1", T0 + 1), "<a_1>", null);
        c.clean(state, adClick("o2", T0 + 2), "<a_2>", null);
        assertEquals(List.of("o1", "o2"), objects(state.recentAd));
        assertEquals(List.of("o1"), objects(state.recentContent));
        assertEquals(Action.CONTENT_VIEW, state.recentContent.get(0).action);
    }

    @Test
    void configuredBehaviourFeaturesAreKeptForRendering() {
        BehaviourCleaner c = cleaner("prompt.render.behaviour-features", "placement");
        c.clean(state, Behaviours.event("u1", "o1", Action.CLICK, Domain.AD, T0, 3.5,
                Map.of("placement", "feed", "other", "x")), "<a_1>", null);
        assertEquals(Map.of("placement", "feed"), state.recentAd.get(0).features);
        assertEquals(3.5, state.recentAd.get(0).ecpm);
    }
}
