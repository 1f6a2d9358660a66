package io.nearline.recall.semantic;

import io.nearline.recall.avro.MarketingObject;
import java.util.List;

/** The structured text of a marketing object that gets embedded: the configured keys, in order, as "key: value". */
public final class ObjectText {

    private ObjectText() {
    }

    /** E.g. {@code "title: Toy Story (1995). genres: Animation,Children's,Comedy"}; empty when no key has text. */
    public static String of(MarketingObject object, List<String> keys) {
        StringBuilder text = new StringBuilder();
        for (String key : keys) {
            String value = object.getText().get(key);
            if (value == null) {
                value = object.getAttributes().get(key);
            }
            if (value == null || value.isBlank()) {
                continue;
            }
            if (text.length() > 0) {
                text.append(". ");
            }
            text.append(key).append(": ").append(value.strip());
        }
        return text.toString();
    }
}
