package io.nearline.recall.prompt.sample;

import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.prompt.ObjectCategories;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Object categories from a catalogue's structured text ({@code category}), for events that carry none. */
public final class CatalogueCategories implements ObjectCategories {

    private final Map<String, String> byObject;

    public CatalogueCategories(List<MarketingObject> catalogue) {
        Map<String, String> map = new HashMap<>();
        for (MarketingObject o : catalogue) {
            String c = o.getText().get("category");
            if (c != null) {
                map.put(o.getObjectId(), c);
            }
        }
        byObject = Map.copyOf(map);
    }

    @Override
    public Optional<String> category(String objectId) {
        return Optional.ofNullable(byObject.get(objectId));
    }
}
