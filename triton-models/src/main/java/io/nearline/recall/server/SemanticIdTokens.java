package io.nearline.recall.server;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The token form of semantic IDs the model reads and writes, {@code <a_12><b_201><c_7><d_3>}
 * (letter = position, number = code), the same form the semantic-ids module renders.
 */
public final class SemanticIdTokens {

    private static final Pattern TOKEN = Pattern.compile("<([a-z])_(\\d{1,7})>");

    private SemanticIdTokens() {}

    public static String render(int[] codes, int length) {
        StringBuilder text = new StringBuilder(length * 7);
        for (int position = 0; position < length; position++) {
            text.append('<').append((char) ('a' + position)).append('_').append(codes[position]).append('>');
        }
        return text.toString();
    }

    /**
     * Every ID rendered in the text: runs of adjacent tokens starting at {@code a} with consecutive
     * letters. Other text between IDs is ignored; a run that skips or repeats a letter is an error
     * naming its offset, so a broken prompt is not half-read.
     */
    public static List<int[]> findAll(String text) {
        List<int[]> ids = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int expectedStart = -1;
        Matcher matcher = TOKEN.matcher(text);
        while (matcher.find()) {
            int position = matcher.group(1).charAt(0) - 'a';
            boolean continues = matcher.start() == expectedStart && position == current.size();
            if (!continues) {
                flush(current, ids);
                if (position != 0) {
                    throw new IllegalArgumentException("semantic ID token " + matcher.group()
                            + " at offset " + matcher.start() + " does not continue an ID starting with <a_...>");
                }
            }
            current.add(Integer.parseInt(matcher.group(2)));
            expectedStart = matcher.end();
        }
        flush(current, ids);
        return ids;
    }

    private static void flush(List<Integer> current, List<int[]> ids) {
        if (!current.isEmpty()) {
            ids.add(current.stream().mapToInt(Integer::intValue).toArray());
            current.clear();
        }
    }
}
