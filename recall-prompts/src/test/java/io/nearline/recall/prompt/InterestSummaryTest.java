package io.nearline.recall.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InterestSummaryTest {

    @Test
    void topEntriesAreTheLargestCountsWithTiesInKeyOrder() {
        InterestSummary summary = new InterestSummary(PromptOptions.defaults().with("prompt.summary.top-categories", "2"));
        PromptState s = new PromptState();
        for (String c : List.of("Drama", "Comedy", "Drama", "Action", "Comedy", "War")) {
            summary.count(s, c, null);
        }
        assertEquals(List.of("Comedy", "Drama"), summary.topCategories(s));
    }

    @Test
    void countersStayBoundedAndAFrequentInterestSurvivesManyRareOnes() {
        InterestSummary summary = new InterestSummary(PromptOptions.defaults().with("prompt.summary.max-tracked", "4"));
        PromptState s = new PromptState();
        for (int i = 0; i < 1000; i++) {
            summary.count(s, i % 2 == 0 ? "Drama" : "rare" + i, "<a_1><b_" + (i % 3) + "><c_" + i + "><d_0>");
            assertTrue(s.categoryCounts.size() <= 8 && s.prefixCounts.size() <= 8);
        }
        assertEquals("Drama", summary.topCategories(s).get(0));
        assertEquals(List.of("<a_1><b_0>", "<a_1><b_1>", "<a_1><b_2>"), summary.topPrefixes(s));
    }
}
