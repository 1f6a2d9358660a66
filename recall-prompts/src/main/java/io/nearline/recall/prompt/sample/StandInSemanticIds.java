package io.nearline.recall.prompt.sample;

import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.prompt.SemanticIdLookup;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deterministic stand-in for the semantic-ids module until its assignments are wired in: four levels of 256
 * codes, the first from the object's catalogue category (so objects of one category share a prefix, as real
 * semantic IDs of similar objects do), the others from a hash of the object id. Every object gets an ID.
 */
public final class StandInSemanticIds implements SemanticIdLookup {

    public static final String VERSION = "stand-in-1";
    private static final int CODES = 256;

    private final Map<String, String> categories;

    public StandInSemanticIds(Map<String, String> categoryByObject) {
        this.categories = Map.copyOf(categoryByObject);
    }

    /** Categories from the catalogue's structured text key {@code category}. */
    public static StandInSemanticIds fromCatalogue(List<MarketingObject> catalogue) {
        Map<String, String> categories = new HashMap<>();
        for (MarketingObject o : catalogue) {
            String c = o.getText().get("category");
            if (c != null) {
                categories.put(o.getObjectId(), c);
            }
        }
        return new StandInSemanticIds(categories);
    }

    @Override
    public Optional<String> render(String objectId) {
        String category = categories.get(objectId);
        long first = category != null ? mix(category.hashCode(), 0) : mix(objectId.hashCode(), 0);
        int id = objectId.hashCode();
        return Optional.of("<a_" + code(first) + "><b_" + code(mix(id, 1)) + "><c_" + code(mix(id, 2))
                + "><d_" + code(mix(id, 3)) + ">");
    }

    @Override
    public String version() {
        return VERSION;
    }

    /** SplitMix64 finaliser: spreads String.hashCode (stable across JVMs by its spec) over 64 bits. */
    private static long mix(int hash, int level) {
        long z = hash + 0x9E3779B97F4A7C15L * (level + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int code(long mixed) {
        return (int) Long.remainderUnsigned(mixed, CODES);
    }
}
