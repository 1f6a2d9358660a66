package io.nearline.recall.model;

import io.nearline.recall.semantic.IdFormat;
import io.nearline.recall.semantic.ParsedId;
import io.nearline.recall.semantic.SemanticIdText;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the user's items out of the prompt the server receives: the semantic IDs on the lines that hold the ad
 * history (template recall-v1: "Earlier ads:" then "Recent ads:", oldest first). Content items and interest
 * prefixes on other lines are not ads, so they are left out; a prompt with none of the labels (a bare list of IDs)
 * is read whole. Only whole IDs of the model's format count, so a prefix such as {@code <a_12><b_201>} is skipped.
 */
public final class PromptHistory {

    private static final Pattern ID_RUN = Pattern.compile("(?:<[a-z]_\\d{1,7}>)+");

    private PromptHistory() {
    }

    /** The codes of each whole ID in the item lines, in text order. */
    public static List<int[]> read(String prompt, List<String> labels, IdFormat format) {
        List<String> lines = new ArrayList<>();
        for (String line : prompt.split("\n")) {
            String stripped = line.strip();
            for (String label : labels) {
                if (stripped.startsWith(label)) {
                    lines.add(stripped.substring(label.length()));
                    break;
                }
            }
        }
        if (lines.isEmpty()) {
            lines.add(prompt);
        }
        List<int[]> ids = new ArrayList<>();
        for (String line : lines) {
            Matcher run = ID_RUN.matcher(line);
            while (run.find()) {
                if (SemanticIdText.parse(run.group(), format) instanceof ParsedId.Valid valid) {
                    ids.add(valid.id().codes());
                }
            }
        }
        return ids;
    }
}
