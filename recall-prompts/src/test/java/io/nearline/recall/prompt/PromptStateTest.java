package io.nearline.recall.prompt;

import static io.nearline.recall.prompt.Behaviours.MINUTE;
import static io.nearline.recall.prompt.Behaviours.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptStateTest {

    @Test
    void stateClassesAreFlinkPojosWithPublicMutableFieldsAndANoArgConstructor() throws Exception {
        for (Class<?> type : new Class<?>[] {PromptState.class, BehaviourEntry.class}) {
            assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()), type + " no-arg constructor");
            for (Field f : type.getDeclaredFields()) {
                // Flink's POJO analysis skips static and transient fields (derived caches, not state)
                if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
                    assertTrue(Modifier.isPublic(f.getModifiers()), f + " must be public");
                    assertFalse(Modifier.isFinal(f.getModifiers()), f + " must not be final");
                }
            }
        }
    }

    @Test
    void aRestoredStateExtendsThePromptExactlyAsTheOriginal() throws Exception {
        PromptMetrics metrics = new PromptMetrics();
        IncrementalPromptBuilder b = IncrementalPromptBuilder.create(PromptOptions.defaults(),
                TextDictionary.fromClasspath(metrics), Behaviours.distinctIds(), metrics);
        PromptState original = PromptState.forUser("u1");
        b.updateProfile(original, Map.of("gender", "gender_f"));
        for (int i = 1; i <= 60; i++) {
            b.append(original, Behaviours.adClick("o" + i, T0 + i * MINUTE));
        }
        ObjectMapper json = new ObjectMapper();
        PromptState restored = json.readValue(json.writeValueAsBytes(original), PromptState.class);
        assertEquals(b.render(original), b.render(restored));
        b.append(original, Behaviours.adClick("o99", T0 + 99 * MINUTE));
        b.append(restored, Behaviours.adClick("o99", T0 + 99 * MINUTE));
        assertEquals(b.render(original), b.render(restored));
    }
}
