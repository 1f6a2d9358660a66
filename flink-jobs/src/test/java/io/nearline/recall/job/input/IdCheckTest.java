package io.nearline.recall.job.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class IdCheckTest {

    @Test
    void everyCharacter_isAControlExactlyWhenTheUnicodeTablesSaySo() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            char ch = (char) c;
            boolean expected = Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029'
                    || Character.getType(ch) == Character.FORMAT;
            assertEquals(expected, IdCheck.isControl(ch), String.format("U+%04X", c));
        }
    }

    @Test
    void anIdIsRefusedForItsFirstBadCharacter_andAcceptedWithoutOne() {
        ValidationLimits limits = ValidationLimits.defaults();
        assertNull(IdCheck.problem("user", "user-42.a_b", limits));
        Validated zeroWidth = IdCheck.problem("user", "ab\u200Bc\u0007", limits);
        assertEquals(RejectReason.BAD_ID_CHARACTER, zeroWidth.reason());
        assertEquals("user id has U+200B at 2: ab\\u200Bc\\u0007", zeroWidth.detail());
        Validated del = IdCheck.problem("object", "ad\u007F", limits);
        assertEquals("object id has U+007F at 2: ad\\u007F", del.detail());
    }
}
