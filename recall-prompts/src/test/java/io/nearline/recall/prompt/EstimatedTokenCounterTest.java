package io.nearline.recall.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EstimatedTokenCounterTest {

    private final EstimatedTokenCounter counter = new EstimatedTokenCounter();

    @Test
    void aWordCharacter_isWhatTheJdkCallsALetterOrDigit_everyCharacter() {
        for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
            assertEquals(Character.isLetterOrDigit((char) c), EstimatedTokenCounter.isWordCharacter((char) c),
                    "U+" + Integer.toHexString(c));
        }
    }

    @Test
    void eachSemanticIdCodeIsOneToken() {
        assertEquals(4, counter.count("<a_12><b_201><c_7><d_3>"));
        assertEquals(5, counter.count("<a_12><b_201><c_7><d_3><e_1>"));
        assertEquals(1, counter.count("<unk>"));
    }

    @Test
    void wordsCountOnePointThreeTokensRoundedUpOverTheText() {
        assertEquals(0, counter.count("   "));
        assertEquals(2, counter.count("user"));
        assertEquals(4, counter.count("aged 25 34"));
        assertEquals(13, counter.count("one two three four five six seven eight nine ten"));
    }

    @Test
    void wordsRoundUpPerLineSoTextsJoinedAtALineBreakAddUp() {
        assertEquals(2 + 2, counter.count("one\ntwo"));
        String a = "User: aged 25-34, female";
        String b = "\nRecent ads: <a_1><b_2> (converted)";
        assertEquals(counter.count(a) + counter.count(b), counter.count(a + b));
    }

    @Test
    void punctuationIsOneTokenAndBrokenCodesAreNotCodes() {
        assertEquals(2 + 1 + 1, counter.count("User: <a_1>"));
        // "<a_>" is not a code: '<' '_' '>' are symbols and "a" a word.
        assertEquals(3 + 2, counter.count("<a_>"));
    }
}
