package io.nearline.recall.semantic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.avro.MarketingObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextEmbedderTest {

    private static TextEmbedder embedder;

    @BeforeAll
    static void loadModelOnce() {
        embedder = new TextEmbedder(List.of("title", "category", "brand"));
    }

    private static MarketingObject object(Map<String, String> text) {
        return MarketingObject.newBuilder().setObjectId("o").setText(text).setAttributes(Map.of("brand", "Acme"))
                .setStatus(DeliveryStatus.IN_DELIVERY).setUpdateTime(Instant.EPOCH).build();
    }

    @Test
    void objectTextJoinsTheConfiguredKeysInOrderFromTextThenAttributes() {
        MarketingObject object = object(Map.of("category", "shoes", "title", "Trail runner", "colour", "red"));
        assertEquals("title: Trail runner. category: shoes. brand: Acme",
                ObjectText.of(object, List.of("title", "category", "brand")));
    }

    @Test
    void embedsToUnitVectorsOf384DimensionsTheSameEveryTime() {
        float[] first = embedder.embed("title: Trail runner. category: shoes");
        assertEquals(384, first.length);
        assertEquals(1.0, Vectors.dot(first, first), 1e-4);
        assertArrayEquals(first, embedder.embed("title: Trail runner. category: shoes"));
    }

    @Test
    void similarTextsAreCloserThanUnrelatedOnes() {
        float[] running = embedder.embed("title: Men's trail running shoes. category: sports footwear");
        float[] jogging = embedder.embed("title: Lightweight jogging sneakers. category: sports footwear");
        float[] lipstick = embedder.embed("title: Matte red lipstick. category: cosmetics");
        assertTrue(Vectors.dot(running, jogging) > Vectors.dot(running, lipstick) + 0.2,
                Vectors.dot(running, jogging) + " vs " + Vectors.dot(running, lipstick));
    }

    @Test
    void anObjectWithNoTextUnderTheKeysHasNoVector() {
        TextEmbedder titleOnly = new TextEmbedder(List.of("title"));
        assertTrue(titleOnly.vectorOf(object(Map.of("category", "shoes"))).isEmpty());
    }
}
