package io.nearline.recall.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptHistoryTest {

    private static final List<String> LABELS = RecallModelOptions.defaults().itemLabels();

    @Test
    void readsTheAdHistoryOfARecallV1PromptOldestFirstAndSkipsContentAndInterestPrefixes() {
        String prompt = """
                Task: predict the next ad this user will click or convert on. Answer with its semantic ID.
                User: aged 25-34, female, writer, US Pacific coast
                Earlier ads: <a_1><b_2><c_0> <a_1><b_3><c_1><d_2> x3
                Earlier content: <a_7><b_7><c_7>
                Interests: comedy films; <a_1><b_2>, <a_5><b_0>
                Recent ads: <a_2><b_0><c_1> (converted) <a_0><b_1><c_0>
                Recent content: <a_6><b_6><c_6>
                """;
        List<int[]> ids = PromptHistory.read(prompt, LABELS, Fixtures.FORMAT);
        assertEquals(4, ids.size());
        assertArrayEquals(new int[] {1, 2, 0}, ids.get(0));
        assertArrayEquals(new int[] {1, 3, 1, 2}, ids.get(1));
        assertArrayEquals(new int[] {2, 0, 1}, ids.get(2));
        assertArrayEquals(new int[] {0, 1, 0}, ids.get(3));
    }

    @Test
    void aPromptWithoutLabelsIsReadWholeAndIdsOutsideTheFormatAreSkipped() {
        List<int[]> ids = PromptHistory.read("<a_1><b_2><c_0> <a_9><b_0><c_0> <a_1><b_2> <a_3><b_3><c_1>", LABELS,
                Fixtures.FORMAT);
        assertEquals(2, ids.size());
        assertArrayEquals(new int[] {1, 2, 0}, ids.get(0));
        assertArrayEquals(new int[] {3, 3, 1}, ids.get(1));
    }

    @Test
    void theModelPredictsTheSameFromAPromptAsFromTheItemsItNames() {
        SemanticIdSet ids = Fixtures.ids(40);
        SequentialRecallModel model = Fixtures.train(Fixtures.cycles(100, 30, 8, 1), ids, RecallModelOptions.defaults());
        String prompt = "Earlier ads: " + ids.ids().get("m3").render() + "\nInterests: <a_0><b_0>\nRecent ads: "
                + ids.ids().get("m4").render() + " (converted)\nRecent content: " + ids.ids().get("m20").render();
        assertArrayEquals(model.predictObjects(List.of("m3", "m4")).topItems(10),
                model.predictFromPrompt(prompt).topItems(10));
    }
}
