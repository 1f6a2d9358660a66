package io.nearline.recall.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.semantic.CatalogueChange.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LiveCatalogueTest {

    /** Reads the vector from the object's "x" text: a stand-in for the embedding model, enough for the rules. */
    static final VectorSource X_TEXT = new VectorSource() {
        @Override
        public Optional<float[]> vectorOf(MarketingObject object) {
            String x = object.getText().get("x");
            return x == null ? Optional.empty() : Optional.of(new float[] {Float.parseFloat(x)});
        }

        @Override
        public String describe() {
            return "test";
        }
    };

    static MarketingObject object(String id, float x, DeliveryStatus status, long time) {
        return MarketingObject.newBuilder().setObjectId(id).setText(Map.of("x", Float.toString(x)))
                .setAttributes(Map.of()).setStatus(status).setUpdateTime(Instant.ofEpochMilli(time)).build();
    }

    private static LiveCatalogue catalogue() {
        return new LiveCatalogue(new IdAssignments(IdAssignmentsTest.tinyCodebook(), false, 256), X_TEXT);
    }

    /** Every object a constrained beam search could produce: all complete paths from the root. */
    static Set<String> producible(TrieNode node) {
        Set<String> objects = new HashSet<>();
        if (node.isComplete()) {
            objects.add(node.objectId());
        }
        for (int code : node.allowedNext()) {
            objects.addAll(producible(node.child(code)));
        }
        return objects;
    }

    @Test
    void objectsJoinWhenInDeliveryAndLeaveWhenPausedOrEnded() {
        LiveCatalogue catalogue = catalogue();
        CatalogueChange joined = catalogue.apply(object("a", 1.5f, DeliveryStatus.IN_DELIVERY, 1));
        assertEquals(Kind.JOINED, joined.kind());
        assertTrue(joined.newId());
        catalogue.apply(object("b", -1.5f, DeliveryStatus.IN_DELIVERY, 1));
        assertEquals(Set.of("a", "b"), producible(catalogue.snapshot().trie().root()));

        assertEquals(Kind.LEFT, catalogue.apply(object("a", 1.5f, DeliveryStatus.PAUSED, 2)).kind());
        assertEquals(Set.of("b"), producible(catalogue.snapshot().trie().root()));
        assertInstanceOf(Resolution.Rejected.class, catalogue.snapshot().resolve(joined.id().render()));

        assertEquals(Kind.LEFT, catalogue.apply(object("b", -1.5f, DeliveryStatus.ENDED, 2)).kind());
        assertEquals(Set.of(), producible(catalogue.snapshot().trie().root()));
    }

    @Test
    void anObjectReturningToDeliveryGetsItsOldIdBack() {
        LiveCatalogue catalogue = catalogue();
        SemanticId first = catalogue.apply(object("a", 1.5f, DeliveryStatus.IN_DELIVERY, 1)).id();
        catalogue.apply(object("a", 1.5f, DeliveryStatus.ENDED, 2));
        catalogue.apply(object("b", 1.5f, DeliveryStatus.IN_DELIVERY, 3));
        CatalogueChange back = catalogue.apply(object("a", -9f, DeliveryStatus.IN_DELIVERY, 4));
        assertEquals(first, back.id());
        assertEquals(false, back.newId());
        Resolution found = catalogue.snapshot().resolve(first.render());
        assertEquals("a", assertInstanceOf(Resolution.Found.class, found).objectId());
    }

    @Test
    void idsGivenWhileRunningSurviveARestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory)
            throws java.io.IOException {
        LiveCatalogue catalogue = catalogue();
        SemanticId a = catalogue.apply(object("a", 1.5f, DeliveryStatus.IN_DELIVERY, 1)).id();
        SemanticId b = catalogue.apply(object("b", 1.5f, DeliveryStatus.IN_DELIVERY, 1)).id();
        SemanticIdStore store = new SemanticIdStore(directory);
        catalogue.saveTo(store);
        IdAssignments restored = assertInstanceOf(StoredIds.Loaded.class, store.loadLatest()).assignments();
        LiveCatalogue restarted = new LiveCatalogue(restored, X_TEXT);
        assertEquals(b, restarted.apply(object("b", -7f, DeliveryStatus.IN_DELIVERY, 2)).id());
        assertEquals(a, restarted.apply(object("a", -7f, DeliveryStatus.IN_DELIVERY, 2)).id());
        assertEquals(SemanticId.of(1, 1, 2), restarted.apply(object("c", 1.5f, DeliveryStatus.IN_DELIVERY, 2)).id());
    }

    @Test
    void staleUpdatesAndRepeatsChangeNothing() {
        LiveCatalogue catalogue = catalogue();
        catalogue.apply(object("a", 1.5f, DeliveryStatus.IN_DELIVERY, 10));
        long version = catalogue.snapshot().version();
        assertEquals(Kind.UNCHANGED, catalogue.apply(object("a", 1.5f, DeliveryStatus.ENDED, 5)).kind());
        assertEquals(Kind.UNCHANGED, catalogue.apply(object("a", 1.5f, DeliveryStatus.IN_DELIVERY, 11)).kind());
        assertEquals(version, catalogue.snapshot().version());
        assertEquals(Set.of("a"), producible(catalogue.snapshot().trie().root()));
    }

    @Test
    void anObjectWithoutAVectorIsRejectedWithAReason() {
        LiveCatalogue catalogue = catalogue();
        MarketingObject noText = MarketingObject.newBuilder().setObjectId("n").setText(Map.of())
                .setAttributes(Map.of()).setStatus(DeliveryStatus.IN_DELIVERY).setUpdateTime(Instant.EPOCH).build();
        CatalogueChange change = catalogue.apply(noText);
        assertEquals(Kind.REJECTED, change.kind());
        assertTrue(change.reason().startsWith("no vector from test"), change.reason());
        assertEquals(0, catalogue.snapshot().trie().size());
    }

    @Test
    void aVectorSourceOtherThanTheCodebooksIsRefused() {
        VectorSource other = new VectorSource() {
            @Override
            public Optional<float[]> vectorOf(MarketingObject object) {
                return Optional.empty();
            }

            @Override
            public String describe() {
                return "another model";
            }
        };
        IdAssignments assignments = new IdAssignments(IdAssignmentsTest.tinyCodebook(), false, 256);
        var refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new LiveCatalogue(assignments, other));
        assertTrue(refused.getMessage().contains("another model"), refused.getMessage());
    }

    @Test
    void afterAnySequenceOfDeliveryChangesExactlyTheObjectsInDeliveryCanBeProduced() {
        LiveCatalogue catalogue = catalogue();
        Random random = new Random(11);
        Map<String, Boolean> inDelivery = new HashMap<>();
        Map<String, SemanticId> ids = new HashMap<>();
        DeliveryStatus[] statuses = DeliveryStatus.values();
        for (int step = 0; step < 2_000; step++) {
            String id = "o" + random.nextInt(60);
            float x = (float) random.nextGaussian() * 2;
            DeliveryStatus status = statuses[random.nextInt(statuses.length)];
            CatalogueChange change = catalogue.apply(object(id, x, status, step));
            inDelivery.put(id, status == DeliveryStatus.IN_DELIVERY);
            if (change.id() != null) {
                assertEquals(ids.getOrDefault(id, change.id()), change.id(), "IDs never change");
                ids.put(id, change.id());
            }
            Set<String> expected = new HashSet<>();
            inDelivery.forEach((object, delivering) -> {
                if (delivering) {
                    expected.add(object);
                }
            });
            assertEquals(expected, producible(catalogue.snapshot().trie().root()), "after step " + step);
        }
        assertEquals(ids.size(), new HashSet<>(ids.values()).size(), "IDs are unique");
    }

    @Test
    void readersSeeConsistentSnapshotsWhileUpdatesHappen() throws InterruptedException {
        LiveCatalogue catalogue = catalogue();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread reader = new Thread(() -> {
                long lastVersion = -1;
                while (writing.get() && failure.get() == null) {
                    CatalogueSnapshot snapshot = catalogue.snapshot();
                    if (snapshot.version() < lastVersion) {
                        failure.set("version went back from " + lastVersion + " to " + snapshot.version());
                    }
                    lastVersion = snapshot.version();
                    int reachable = producible(snapshot.trie().root()).size();
                    if (reachable != snapshot.trie().size()) {
                        failure.set("snapshot " + snapshot.version() + " counts " + snapshot.trie().size()
                                + " objects but " + reachable + " are reachable");
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        Random random = new Random(5);
        for (int step = 0; step < 5_000; step++) {
            DeliveryStatus status = random.nextBoolean() ? DeliveryStatus.IN_DELIVERY : DeliveryStatus.PAUSED;
            catalogue.apply(object("o" + random.nextInt(100), (float) random.nextGaussian(), status, step));
        }
        writing.set(false);
        for (Thread reader : readers) {
            reader.join();
        }
        assertEquals(null, failure.get());
    }
}
