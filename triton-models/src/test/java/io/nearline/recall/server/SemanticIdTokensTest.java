package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SemanticIdTokensTest {

    @Test
    void rendersLettersByPosition() {
        assertEquals("<a_12><b_201><c_7><d_3>", SemanticIdTokens.render(new int[] {12, 201, 7, 3}, 4));
    }

    @Test
    void findsEveryIdInAPromptIgnoringOtherText() {
        List<int[]> ids = SemanticIdTokens.findAll("User u1 clicked <a_12><b_201><c_7><d_3>, then bought <a_1><b_2><c_3><d_4>.");
        assertEquals(2, ids.size());
        assertArrayEquals(new int[] {12, 201, 7, 3}, ids.get(0));
        assertArrayEquals(new int[] {1, 2, 3, 4}, ids.get(1));
    }

    @Test
    void adjacentIdsAreSplitAtEachNewA() {
        assertEquals(2, SemanticIdTokens.findAll("<a_1><b_2><a_3><b_4>").size());
    }

    @Test
    void anIdThatSkipsALevelIsRejectedWithItsOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SemanticIdTokens.findAll("x <a_1><c_3>"));
        assertTrue(e.getMessage().contains("<c_3>") && e.getMessage().contains("offset 7"), e.getMessage());
    }

    @Test
    void aPromptWithoutIdsHasNoRecentItems() {
        assertTrue(ModelContext.fromPrompt("new user, no history").recentItems().isEmpty());
    }
}
