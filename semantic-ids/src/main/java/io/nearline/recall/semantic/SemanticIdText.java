package io.nearline.recall.semantic;

import java.util.ArrayList;
import java.util.List;

/**
 * The one canonical token form of semantic IDs in prompts and model vocabularies, {@code <a_12><b_201><c_7><d_3>}
 * with a collision code as a further level ({@code <e_1>}), and its strict parser.
 */
public final class SemanticIdText {

    /** Longest decimal we accept: enough for any code, short enough to rule out overflow. */
    private static final int MAX_DIGITS = 7;

    private SemanticIdText() {
    }

    /** The token of one code at one position, e.g. {@code token(1, 201) = "<b_201>"}. */
    public static String token(int position, int code) {
        return "<" + letter(position) + "_" + code + ">";
    }

    /**
     * The code of one generated token at a position, for decoders that read tokens one at a time; empty unless the
     * token is exactly the canonical token of an in-range code at that position.
     */
    public static java.util.OptionalInt code(String token, int position, IdFormat format) {
        String head = "<" + letter(position) + "_";
        if (position >= format.maxLength() || token == null || !token.startsWith(head) || !token.endsWith(">")
                || token.length() - head.length() - 1 < 1 || token.length() - head.length() - 1 > MAX_DIGITS) {
            return java.util.OptionalInt.empty();
        }
        String digits = token.substring(head.length(), token.length() - 1);
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return java.util.OptionalInt.empty();
            }
        }
        int code = Integer.parseInt(digits);
        boolean canonical = token.equals(token(position, code));
        return canonical && code < format.bound(position) ? java.util.OptionalInt.of(code)
                : java.util.OptionalInt.empty();
    }

    public static String render(SemanticId id) {
        StringBuilder text = new StringBuilder(id.length() * 7);
        for (int position = 0; position < id.length(); position++) {
            text.append('<').append(letter(position)).append('_').append(id.code(position)).append('>');
        }
        return text.toString();
    }

    /** Every token a model vocabulary needs for IDs of this format, level by level. */
    public static List<String> vocabulary(IdFormat format) {
        List<String> tokens = new ArrayList<>();
        for (int position = 0; position < format.maxLength(); position++) {
            for (int code = 0; code < format.bound(position); code++) {
                tokens.add(token(position, code));
            }
        }
        return tokens;
    }

    /**
     * Parses text that must be exactly a rendered ID of this format: no spaces, no leading zeros, letters in order,
     * codes in range, {@code levels} or {@code levels + 1} tokens. Never guesses.
     */
    public static ParsedId parse(String text, IdFormat format) {
        if (text == null || text.isEmpty()) {
            return new ParsedId.Rejected(String.valueOf(text), "empty text");
        }
        List<Integer> codes = new ArrayList<>(format.maxLength());
        int at = 0;
        while (at < text.length()) {
            int position = codes.size();
            if (position == format.maxLength()) {
                return reject(text, at, "more than " + format.maxLength() + " tokens");
            }
            if (text.charAt(at) != '<') {
                return reject(text, at, "expected '<'");
            }
            if (at + 1 >= text.length() || text.charAt(at + 1) != letter(position)) {
                return reject(text, at + 1, "expected level letter '" + letter(position) + "'");
            }
            if (at + 2 >= text.length() || text.charAt(at + 2) != '_') {
                return reject(text, at + 2, "expected '_'");
            }
            int digitsStart = at + 3;
            int end = digitsStart;
            while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
                end++;
            }
            int digits = end - digitsStart;
            if (digits == 0) {
                return reject(text, digitsStart, "expected a decimal code");
            }
            if (digits > MAX_DIGITS || (digits > 1 && text.charAt(digitsStart) == '0')) {
                return reject(text, digitsStart, "code not in canonical decimal form");
            }
            if (end >= text.length() || text.charAt(end) != '>') {
                return reject(text, end, "expected '>'");
            }
            int code = Integer.parseInt(text, digitsStart, end, 10);
            if (code >= format.bound(position)) {
                return reject(text, digitsStart, "code " + code + " out of range [0, " + format.bound(position) + ")");
            }
            codes.add(code);
            at = end + 1;
        }
        if (codes.size() < format.levels()) {
            return new ParsedId.Rejected(text, "only " + codes.size() + " of " + format.levels() + " levels");
        }
        return new ParsedId.Valid(SemanticId.of(codes.stream().mapToInt(Integer::intValue).toArray()));
    }

    private static ParsedId reject(String text, int offset, String reason) {
        return new ParsedId.Rejected(text, reason + " at offset " + offset);
    }

    private static char letter(int position) {
        return (char) ('a' + position);
    }
}
