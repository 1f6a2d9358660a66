package io.nearline.recall.schema;

/**
 * Whether bytes are well-formed UTF-8 (the Unicode standard's table 3-7: no overlong forms, no surrogates, nothing
 * past U+10FFFF, no cut sequence), without decoding them: the body check runs on every input record, and a
 * {@code CharsetDecoder} per string, building characters only to drop them, was its largest cost. ASCII, which most
 * ids are, costs one comparison a byte.
 */
final class WellFormedUtf8 {

    private WellFormedUtf8() {}

    /** Whether {@code length} bytes of {@code bytes} from {@code from} are well-formed UTF-8. */
    static boolean check(byte[] bytes, int from, int length) {
        int i = from;
        int end = from + length;
        while (i < end) {
            int lead = bytes[i];
            if (lead >= 0) {
                i++;
                continue;
            }
            lead &= 0xff;
            int size;
            int secondLow = 0x80;
            int secondHigh = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                size = 2;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                size = 3;
                if (lead == 0xE0) {
                    secondLow = 0xA0; // below it: an overlong form of a 2-byte character
                } else if (lead == 0xED) {
                    secondHigh = 0x9F; // above it: a surrogate
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                size = 4;
                if (lead == 0xF0) {
                    secondLow = 0x90; // below it: an overlong form of a 3-byte character
                } else if (lead == 0xF4) {
                    secondHigh = 0x8F; // above it: past U+10FFFF
                }
            } else {
                return false; // a continuation byte, an overlong 2-byte lead (C0, C1) or F5..FF
            }
            if (end - i < size) {
                return false;
            }
            int second = bytes[i + 1] & 0xff;
            if (second < secondLow || second > secondHigh) {
                return false;
            }
            for (int k = 2; k < size; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += size;
        }
        return true;
    }
}
