package io.nearline.recall.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The check agrees with the JDK's strict UTF-8 decoder, which the body check used before it. */
class WellFormedUtf8Test {

    private final CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chars = CharBuffer.allocate(64);

    @Test
    void everySequenceOfUpToThreeBytes_isJudgedAsTheJdkJudgesIt() {
        byte[] one = new byte[1];
        byte[] two = new byte[2];
        byte[] three = new byte[3];
        for (int a = 0; a < 256; a++) {
            one[0] = two[0] = three[0] = (byte) a;
            agree(one);
            for (int b = 0; b < 256; b++) {
                two[1] = three[1] = (byte) b;
                agree(two);
                if (a < 0x80) {
                    continue; // an ASCII first byte leaves the two-byte case, judged above
                }
                for (int c = 0; c < 256; c++) {
                    three[2] = (byte) c;
                    agree(three);
                }
            }
        }
    }

    @Test
    void fourByteSequences_atEveryBoundaryOfTheirBytes_areJudgedAsTheJdkJudgesThem() {
        int[] continuation = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
        byte[] four = new byte[4];
        for (int a = 0xE0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : continuation) {
                    for (int d : continuation) {
                        four[0] = (byte) a;
                        four[1] = (byte) b;
                        four[2] = (byte) c;
                        four[3] = (byte) d;
                        agree(four);
                    }
                }
            }
        }
    }

    @Test
    void randomTextAndNoise_areJudgedAsTheJdkJudgesThem() {
        Random random = new Random(20261204);
        String alphabet = "user-42 é ü 中文 😀 \u07ff\u0800\uffff";
        for (int n = 0; n < 200_000; n++) {
            byte[] bytes;
            if (random.nextBoolean()) {
                StringBuilder text = new StringBuilder();
                for (int i = random.nextInt(12); i > 0; i--) {
                    text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                            random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
                }
                bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                if (bytes.length > 0 && random.nextInt(4) == 0) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            } else {
                bytes = new byte[random.nextInt(10)];
                random.nextBytes(bytes);
            }
            agree(bytes);
        }
    }

    @Test
    void onlyTheGivenRangeIsChecked() {
        byte[] bytes = {(byte) 0xFF, 'a', (byte) 0xC3, (byte) 0xA9, (byte) 0xE2};
        assertTrue(WellFormedUtf8.check(bytes, 1, 3));
        assertFalse(WellFormedUtf8.check(bytes, 1, 4), "a lead byte cut off at the end of the range");
        assertFalse(WellFormedUtf8.check(bytes, 0, 2));
        assertFalse(WellFormedUtf8.check(bytes, 1, 2), "a lead byte whose continuation lies past the range");
        assertTrue(WellFormedUtf8.check(bytes, 3, 0));
    }

    private void agree(byte[] bytes) {
        assertEquals(jdkAccepts(bytes), WellFormedUtf8.check(bytes, 0, bytes.length),
                () -> HexFormat.ofDelimiter(" ").formatHex(bytes));
    }

    private boolean jdkAccepts(byte[] bytes) {
        jdk.reset();
        chars.clear();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        return !jdk.decode(in, chars, true).isError() && !jdk.flush(chars).isError() && !in.hasRemaining();
    }
}
