package io.nearline.recall.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
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

    @Test
    void aSplitCount_isTheCountOfTheTextAndOfItsPartBeforeTheMark_atEveryMark() {
        String[] units = {"<a_12>", "<b_3>", "<unk>", "<a_", "<x>", "<", ">", "word", "élan", "25", " ", "  ", "\n",
            ",", "(converted)", "-", "广告"};
        Random random = new Random(7);
        for (int text = 0; text < 2_000; text++) {
            StringBuilder out = new StringBuilder();
            for (int u = random.nextInt(30); u > 0; u--) {
                out.append(units[random.nextInt(units.length)]);
            }
            String s = out.toString();
            for (int mark = 0; mark <= s.length(); mark++) {
                TokenCounter.Split split = counter.countSplit(s, mark);
                assertEquals(counter.count(s), split.total(), s);
                assertEquals(counter.count(s.substring(0, mark)), split.beforeMark(), s + " at " + mark);
            }
        }
    }
}
