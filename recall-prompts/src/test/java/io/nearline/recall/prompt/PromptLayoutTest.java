package io.nearline.recall.prompt;

import static io.nearline.recall.prompt.Behaviours.MINUTE;
import static io.nearline.recall.prompt.Behaviours.T0;
import static io.nearline.recall.prompt.Behaviours.adClick;
import static io.nearline.recall.prompt.Behaviours.contentView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.Domain;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptLayoutTest {

    private final PromptMetrics metrics = new PromptMetrics();
    private final TextDictionary dictionary = TextDictionary.fromClasspath(metrics);

    private IncrementalPromptBuilder builder(PromptOptions options, SemanticIdLookup ids) {
        return IncrementalPromptBuilder.create(options, dictionary, ids, metrics);
    }

    private static PromptOptions noBudget() {
        return PromptOptions.defaults().with("prompt.budget.max-tokens", "0");
    }

    @Test
    void thePromptShowsInstructionProfileAndBothDomainsAsSemanticIdsInTheTemplateOrder() {
        IncrementalPromptBuilder b = builder(noBudget(), Behaviours.distinctIds());
        PromptState s = PromptState.forUser("u1");
        b.updateProfile(s, Map.of("age_bucket", "age_25_34", "gender", "gender_f", "region", "region_9"));
        b.append(s, adClick("o1", T0));
        b.append(s, Behaviours.conversion("o1", T0 + MINUTE));
        b.append(s, contentView("o2", T0 + 2 * MINUTE));
        b.append(s, Behaviours.event("u1", "o3", Action.CLICK, Domain.AD, T0 + 3 * MINUTE, null,
                Map.of("category", "Comedy")));
        assertEquals("""
                Task: predict the next ad this user will click or convert on. Answer with its semantic ID.
                User: aged 25-34, female, US Pacific coast
                Recent ads: <a_1><b_1><c_1><d_0> (converted) <a_3><b_3><c_3><d_0>
                Recent content: <a_2><b_2><c_2><d_0>""", b.render(s).text());
    }

    @Test
    void theInterestSummaryIsTakenWhenABlockFreezesAndNamesTopCategoriesAndPrefixes() {
        PromptOptions o = noBudget().with("prompt.layout.block-size", "2").with("prompt.layout.recent-max", "3");
        IncrementalPromptBuilder b = builder(o, Behaviours.distinctIds());
        PromptState s = PromptState.forUser("u1");
        String[] genres = {"Drama", "Comedy", "Drama", "Western"};
        for (int i = 0; i < genres.length; i++) {
            b.append(s, Behaviours.event("u1", "o" + (7 * i), Action.CLICK, Domain.AD, T0 + i * MINUTE, null,
                    Map.of("category", genres[i])));
        }
        // o0, o7, o14, o21 share <a_0> and differ at level 2 (b_0, b_7, b_3, b_10): ties list in key order.
        assertTrue(b.render(s).text().contains("\nInterests: drama films, comedy films, western films; "
                + "<a_0><b_0>, <a_0><b_10>, <a_0><b_3>\n"), b.render(s).text());
    }

    @Test
    void appendingABehaviourKeepsTheLongTermPrefixByteIdentical() {
        IncrementalPromptBuilder b = builder(noBudget(), Behaviours.distinctIds());
        PromptState s = PromptState.forUser("u1");
        b.updateProfile(s, Map.of("age_bucket", "age_18_24"));
        long frozeAt = -1;
        String previous = null;
        for (int i = 1; i <= 200; i++) {
            long freezesBefore = s.frozenAd.size() + s.frozenContent.size();
            b.append(s, i % 3 == 0 ? contentView("o" + i, T0 + i * MINUTE) : adClick("o" + i, T0 + i * MINUTE));
            Prompt p = b.render(s);
            boolean froze = s.frozenAd.size() + s.frozenContent.size() != freezesBefore;
            if (previous != null && !froze) {
                assertTrue(p.text().startsWith(previous), "append " + i + " changed the prefix");
            }
            if (froze) {
                frozeAt = i;
            }
            previous = p.prefix();
        }
        assertTrue(frozeAt > 0, "200 behaviours must freeze at least one block");
    }

    @Test
    void aFreezeMovesTheOldestBlockIntoTheHistoryInOrder() {
        PromptOptions o = noBudget().with("prompt.layout.block-size", "4").with("prompt.layout.recent-max", "6");
        IncrementalPromptBuilder b = builder(o, Behaviours.distinctIds());
        PromptState s = PromptState.forUser("u1");
        for (int i = 1; i <= 7; i++) {
            b.append(s, adClick("o" + i, T0 + i * MINUTE));
        }
        assertEquals(4, s.frozenAd.size());
        assertEquals(3, s.recentAd.size());
        String text = b.render(s).text();
        assertTrue(text.contains("Earlier ads: <a_1><b_1><c_1><d_0> <a_2><b_2><c_2><d_0> <a_3><b_3><c_3><d_0> "
                + "<a_4><b_4><c_4><d_0>\n"), text);
        assertTrue(text.endsWith("Recent ads: <a_5><b_5><c_5><d_0> <a_6><b_6><c_6><d_0> <a_0><b_7><c_7><d_0>"), text);
    }

    @Test
    void theCachedTextAlwaysEqualsAFullRenderOfTheState() {
        IncrementalPromptBuilder b = builder(PromptOptions.defaults().with("prompt.budget.max-tokens", "300"),
                Behaviours.distinctIds());
        PromptState s = PromptState.forUser("u1");
        b.updateProfile(s, Map.of("occupation", "writer"));
        for (int i = 1; i <= 300; i++) {
            b.append(s, i % 4 == 0 ? contentView("o" + (i % 50), T0 + i * MINUTE)
                    : adClick("o" + (i % 70), T0 + i * 40 * MINUTE));
            assertEquals(b.renderFromScratch(s), b.render(s).text(), "after append " + i);
        }
    }

    @Test
    void anObjectWithoutSemanticIdRendersByTheConfiguredFallback() {
        Behaviours.SidTable ids = new Behaviours.SidTable().put("o1", "<a_1><b_1><c_1><d_1>");
        PromptState raw = PromptState.forUser("u1");
        IncrementalPromptBuilder b = builder(noBudget(), ids);
        b.append(raw, adClick("o1", T0));
        b.append(raw, adClick("zz9", T0 + 1));
        assertTrue(b.render(raw).text().endsWith("Recent ads: <a_1><b_1><c_1><d_1> [obj:zz9]"));
        assertEquals(1, metrics.unknownObjects());

        PromptState token = PromptState.forUser("u1");
        IncrementalPromptBuilder t = builder(noBudget().with("prompt.render.unknown-object", "UNKNOWN_TOKEN"), ids);
        t.append(token, adClick("zz9", T0));
        assertTrue(t.render(token).text().endsWith("Recent ads: <unk>"));
    }

    @Test
    void newDictionaryOrSemanticIdVersionsReRenderTheWholePromptOnTheNextAppend() {
        Behaviours.SidTable ids = new Behaviours.SidTable().put("o1", "<a_1><b_1><c_1><d_1>");
        IncrementalPromptBuilder b = builder(noBudget(), ids);
        PromptState s = PromptState.forUser("u1");
        b.updateProfile(s, Map.of("gender", "gender_m"));
        b.append(s, adClick("o1", T0));
        String before = b.render(s).text();

        dictionary.swap(new DictionarySnapshot("test-2", Map.of("gender", Map.of("gender_m", "a man"))));
        ids.put("o1", "<a_9><b_9><c_9><d_9>");
        ids.version = "sid-2";
        assertEquals(before, b.render(s).text(), "render alone keeps the cached versions");
        b.append(s, adClick("o2", T0 + 1));
        Prompt after = b.render(s);
        assertTrue(after.text().contains("User: a man\n"), after.text());
        assertTrue(after.text().contains("Recent ads: <a_9><b_9><c_9><d_9> [obj:o2]"), after.text());
        assertEquals("test-2", after.dictionaryVersion());
        assertEquals("sid-2", after.semanticIdVersion());
    }

    @Test
    void onlyAChangedProfileReRendersThePrefix() {
        IncrementalPromptBuilder b = builder(noBudget(), Behaviours.distinctIds());
        PromptState s = PromptState.forUser("u1");
        b.updateProfile(s, Map.of("gender", "gender_m"));
        long renders = s.prefixRenders;
        assertEquals(false, b.updateProfile(s, Map.of("gender", "gender_m")));
        assertEquals(renders, s.prefixRenders);
        assertEquals(true, b.updateProfile(s, Map.of("gender", "gender_f")));
        assertNotEquals(renders, s.prefixRenders);
        assertTrue(b.render(s).text().contains("User: female"));
    }

    @Test
    void aRepeatChangesNoTextAndIsNotCountedAsAPrompt() {
        IncrementalPromptBuilder b = builder(noBudget(), Behaviours.distinctIds());
        PromptState s = PromptState.forUser("u1");
        b.append(s, adClick("o1", T0));
        String before = b.render(s).text();
        long prompts = metrics.prompts();
        assertEquals(AppendOutcome.MERGED_REPEAT, b.append(s, adClick("o1", T0 + 1000)));
        assertEquals(before, b.render(s).text());
        assertEquals(prompts, metrics.prompts());
    }
}
