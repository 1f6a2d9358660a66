package io.nearline.recall.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SemanticIdTextTest {

    private static final IdFormat FORMAT = new IdFormat(4, 256, 256);

    @Test
    void rendersOneTokenPerCodeWithLevelLetters() {
        assertEquals("<a_12><b_201><c_7><d_3>", SemanticId.of(12, 201, 7, 3).render());
        assertEquals("<a_12><b_201><c_7><d_3><e_1>", SemanticId.of(12, 201, 7, 3, 1).render());
    }

    @Test
    void parsesWhatItRenders() {
        for (SemanticId id : new SemanticId[] {SemanticId.of(0, 0, 0, 0), SemanticId.of(255, 255, 255, 255, 255),
                SemanticId.of(12, 201, 7, 3, 1)}) {
            ParsedId parsed = SemanticIdText.parse(id.render(), FORMAT);
            assertEquals(id, assertInstanceOf(ParsedId.Valid.class, parsed).id());
        }
    }

    @ParameterizedTest(name = "rejects ''{0}'': {1}")
    @CsvSource(delimiter = '|', value = {
        "<a_12><b_201><c_7>|only 3 of 4 levels",
        "<a_12><b_201><c_7><d_3><e_1><f_0>|more than 5 tokens",
        "<a_12><c_201><b_7><d_3>|expected level letter 'b'",
        "<a_12> <b_201><c_7><d_3>|expected '<'",
        "<a_012><b_201><c_7><d_3>|canonical decimal",
        "<a_12><b_256><c_7><d_3>|out of range",
        "<a_12><b_201><c_7><d_3><e_256>|out of range",
        "<a_-1><b_201><c_7><d_3>|expected a decimal code",
        "<a_12><b_201><c_7><d_3|expected '>'",
        "<a_12><b_201><c_7><d_3>x|expected '<'",
        "a_12|expected '<'",
        "<A_12><b_201><c_7><d_3>|expected level letter 'a'",
        "<a_99999999><b_1><c_7><d_3>|canonical decimal",
        "<a_12><b_201><c_7><d_٣>|expected a decimal code"
    })
    void rejectsMalformedTextWithAReason(String text, String reason) {
        ParsedId parsed = SemanticIdText.parse(text, FORMAT);
        ParsedId.Rejected rejected = assertInstanceOf(ParsedId.Rejected.class, parsed);
        assertTrue(rejected.reason().contains(reason), rejected.reason());
    }

    @Test
    void rejectsEmptyText() {
        assertInstanceOf(ParsedId.Rejected.class, SemanticIdText.parse("", FORMAT));
        assertInstanceOf(ParsedId.Rejected.class, SemanticIdText.parse(null, FORMAT));
    }

    @Test
    void aSingleTokenGivesItsCodeOnlyAtItsOwnPosition() {
        assertEquals(java.util.OptionalInt.of(201), SemanticIdText.code("<b_201>", 1, FORMAT));
        assertEquals(java.util.OptionalInt.of(1), SemanticIdText.code("<e_1>", 4, FORMAT));
        assertTrue(SemanticIdText.code("<b_201>", 0, FORMAT).isEmpty());
        assertTrue(SemanticIdText.code("<b_256>", 1, FORMAT).isEmpty());
        assertTrue(SemanticIdText.code("<b_01>", 1, FORMAT).isEmpty());
        assertTrue(SemanticIdText.code("<b_>", 1, FORMAT).isEmpty());
        assertTrue(SemanticIdText.code("<f_0>", 5, FORMAT).isEmpty());
    }

    @Test
    void vocabularyHoldsEveryTokenOnce() {
        var vocabulary = SemanticIdText.vocabulary(FORMAT);
        assertEquals(5 * 256, vocabulary.size());
        assertEquals(vocabulary.size(), new java.util.HashSet<>(vocabulary).size());
        assertTrue(vocabulary.contains("<e_255>"));
    }
}
