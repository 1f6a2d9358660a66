package io.nearline.recall.tiering;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3, x86 32-bit variant, over the UTF-8 bytes of a text. Arms are assigned with it because it is
 * fixed by its published definition (any language computes the same bucket), unlike {@link String#hashCode}.
 */
final class Murmur3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {}

    static int hash32(String text, int seed) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        int h = seed;
        int whole = data.length & ~3;
        for (int i = 0; i < whole; i += 4) {
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | (data[i + 3] & 0xff) << 24;
            h ^= mixK(k);
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        int k = 0;
        switch (data.length & 3) {
            case 3:
                k ^= (data[whole + 2] & 0xff) << 16;
            // fall through
            case 2:
                k ^= (data[whole + 1] & 0xff) << 8;
            // fall through
            case 1:
                k ^= data[whole] & 0xff;
                h ^= mixK(k);
                break;
            default:
                break;
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static int mixK(int k) {
        return Integer.rotateLeft(k * C1, 15) * C2;
    }
}
