package io.nearline.recall.behaviour;

import io.nearline.recall.config.OptionValues;
import org.apache.flink.configuration.ConfigOption;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BehaviourLogOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        BehaviourLogOptions o = BehaviourLogOptions.defaults();
        assertEquals(42L, o.seed());
        assertEquals(2000, o.users());
        assertEquals(5000, o.objects());
        assertEquals(50, o.categories());
        assertEquals(200_000L, o.events());
        assertEquals(Duration.ofDays(7), o.span());
        assertEquals(Optional.empty(), o.rebaseEndTime());
        assertEquals("classic", o.profile());
        assertEquals("drifting", o.withProfile("drifting").profile());
        for (ConfigOption<?> option : BehaviourLogOptions.OPTIONS) {
            if (!option.key().equals("rebaseEndTime")) {
                assertTrue(o.toString().contains(option.key() + "=" + option.defaultValue()),
                        option.key() + " default differs from the documented " + option.defaultValue() + ": " + o);
            }
        }
    }

    @Test
    void withMethodsReturnChangedCopiesAndLeaveTheOriginal() {
        BehaviourLogOptions base = BehaviourLogOptions.defaults();
        Instant end = Instant.parse("2027-01-01T00:00:00Z");
        BehaviourLogOptions changed = base.withSeed(7).withUsers(10).withCategories(3).withObjects(20).withEvents(5)
                .withRebaseEndTime(end);
        assertEquals(42L, base.seed());
        assertEquals(7L, changed.seed());
        assertEquals(10, changed.users());
        assertEquals(20, changed.objects());
        assertEquals(3, changed.categories());
        assertEquals(5L, changed.events());
        assertEquals(Optional.of(end), changed.rebaseEndTime());
        assertEquals(Optional.empty(), changed.toBuilder().rebaseEndTime(null).build().rebaseEndTime());
    }

    @Test
    void outOfRangeValuesAreRejectedNamingTheOption() {
        assertRejected("users", () -> BehaviourLogOptions.builder().users(0).build());
        assertRejected("categories", () -> BehaviourLogOptions.builder().objects(10).categories(11).build());
        assertRejected("events", () -> BehaviourLogOptions.builder().events(-1).build());
        assertRejected("clickThroughRate", () -> BehaviourLogOptions.builder().clickThroughRate(1.5).build());
        assertRejected("explorationRate", () -> BehaviourLogOptions.builder().explorationRate(Double.NaN).build());
        assertRejected("span", () -> BehaviourLogOptions.builder().span(Duration.ZERO).build());
        assertRejected("userActivityAlpha", () -> BehaviourLogOptions.builder().userActivityAlpha(0).build());
        assertRejected("profile", () -> BehaviourLogOptions.builder().profile("wandering").build());
        assertRejected("profile", () -> BehaviourLogOptions.builder().profile(null).build());
        assertRejected("successorProbability", () -> new GeneratorProfile("x", 3, 1.5, 2.0, 0.3, 0.5));
        assertRejected("successorClickBoost", () -> new GeneratorProfile("x", 3, 0.5, 0.0, 0.3, 0.5));
        assertRejected("successors", () -> new GeneratorProfile("x", -1, 0.5, 2.0, 0.3, 0.5));
    }

    @Test
    void readmeTableListsEveryOptionWithItsDefault() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (ConfigOption<?> option : BehaviourLogOptions.OPTIONS) {
            String text = OptionValues.defaultText(option);
            String row = "| `" + option.key() + "` | `" + (text.isEmpty() ? "(empty)" : text) + "` |";
            assertTrue(readme.contains(row), "README lacks the row starting " + row);
        }
    }

    private static void assertRejected(String key, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().startsWith(key), e.getMessage());
    }
}
