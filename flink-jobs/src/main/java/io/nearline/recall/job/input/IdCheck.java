package io.nearline.recall.job.input;

/**
 * Why an ID of a user or marketing object cannot be used, or null. IDs become Redis keys
 * ({@code recall:<user>}), separators of the stored recall (TAB, LF) and prompt text, so control
 * characters and the configured forbidden characters are refused rather than escaped.
 */
final class IdCheck {

    private IdCheck() {}

    /** The reason and a printable description of the problem, or null when the ID is fine. */
    static Validated problem(String what, String id, ValidationLimits limits) {
        if (id == null || id.isBlank()) {
            return Validated.reject(what.equals("user") ? RejectReason.MISSING_USER : RejectReason.MISSING_OBJECT,
                    "no " + what + " id");
        }
        if (id.length() > limits.maxIdLength()) {
            return Validated.reject(RejectReason.ID_TOO_LONG, what + " id of " + id.length()
                    + " characters, at most " + limits.maxIdLength() + " allowed: " + shown(id));
        }
        String forbidden = limits.idForbiddenCharacters();
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (isControl(c) || forbidden.indexOf(c) >= 0) {
                return Validated.reject(RejectReason.BAD_ID_CHARACTER, what + " id has "
                        + String.format("U+%04X", (int) c) + " at " + i + ": " + shown(id));
            }
        }
        return null;
    }

    /**
     * Control characters, line and paragraph separators and format characters (zero-width, bidi controls). Every
     * character of every id passes here; ASCII, which ids are mostly made of, is answered without the Unicode
     * tables (ASCII's only controls are below space and DEL; it has no format characters).
     */
    static boolean isControl(char c) {
        if (c < 128) {
            return c < 0x20 || c == 0x7F;
        }
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT;
    }

    /** Why raw attributes are too many or too long, or null. */
    static Validated attributesProblem(java.util.Map<String, String> attributes, ValidationLimits limits) {
        if (attributes == null) {
            return null;
        }
        if (attributes.size() > limits.maxAttributes()) {
            return Validated.reject(RejectReason.ATTRIBUTES_TOO_LARGE, attributes.size() + " attributes, at most "
                    + limits.maxAttributes() + " allowed");
        }
        for (var entry : attributes.entrySet()) {
            int longest = Math.max(entry.getKey().length(), entry.getValue() == null ? 0 : entry.getValue().length());
            if (longest > limits.maxAttributeLength()) {
                return Validated.reject(RejectReason.ATTRIBUTES_TOO_LARGE, "attribute " + shown(entry.getKey()) + " of "
                        + longest + " characters, at most " + limits.maxAttributeLength() + " allowed");
            }
        }
        return null;
    }

    /** The ID cut short and with control characters made visible, safe to put in a dead letter's detail. */
    static String shown(String id) {
        String cut = id.length() > 64 ? id.substring(0, 64) + "..." : id;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
