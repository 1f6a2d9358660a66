package io.nearline.recall.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrefixReuseTest {

    private final TokenCounter counter = new EstimatedTokenCounter();

    @Test
    void anAppendedPromptReusesAllOfThePreviousOne() {
        String previous = "Recent ads: <a_1><b_2><c_3><d_4>";
        String current = previous + " <a_5><b_6><c_7><d_8>";
        assertEquals(counter.count(previous), PrefixReuse.reusedTokens(previous, current, counter, 1));
        assertEquals(1.0 * counter.count(previous) / counter.count(current),
                PrefixReuse.ratio(previous, current, counter, 1), 1e-9);
    }

    @Test
    void aPromptExtendedAtALineBreakReusesTheWholePreviousOneEvenIfItEndsInAWord() {
        String previous = "Task: answer with its semantic ID.";
        assertEquals(counter.count(previous),
                PrefixReuse.reusedTokens(previous, previous + "\nRecent ads: <a_1>", counter, 1));
        assertEquals(counter.count("Task: answer with its semantic"),
                PrefixReuse.reusedTokens(previous, "Task: answer with its semantic IDs.", counter, 1));
    }

    @Test
    void aDifferenceInsideACodeReusesOnlyTheCodesBeforeIt() {
        assertEquals(1, PrefixReuse.reusedTokens("<a_1><b_22>", "<a_1><b_23>", counter, 1));
        assertEquals(0, PrefixReuse.reusedTokens(null, "<a_1>", counter, 1));
        assertEquals(0, PrefixReuse.reusedTokens("<a_2>", "<a_1>", counter, 1));
    }

    @Test
    void reuseIsRoundedDownToWholeKvCacheBlocks() {
        String previous = "<a_1><b_1><c_1><d_1><a_2><b_2><c_2><d_2><a_3>";
        String current = previous + "<b_9>";
        assertEquals(9, PrefixReuse.reusedTokens(previous, current, counter, 1));
        assertEquals(8, PrefixReuse.reusedTokens(previous, current, counter, 4));
        assertEquals(0, PrefixReuse.reusedTokens(previous, current, counter, 16));
    }
}
