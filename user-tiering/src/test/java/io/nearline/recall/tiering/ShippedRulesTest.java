package io.nearline.recall.tiering;

import static io.nearline.recall.tiering.Scripted.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.Domain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ShippedRulesTest {

    static String resource(String name) throws IOException {
        try (InputStream in = ShippedRulesTest.class.getResourceAsStream("/rules/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default-rules.yaml", "tight-rules.yaml", "strict-rules.yaml", "every-event-rules.yaml",
        "engagement-rules.yaml", "input-change-rules.yaml", "coalesced-rules.yaml", "two-arm-rules.yaml"})
    void every_shipped_rules_file_is_valid(String name) throws IOException {
        RulesParseResult result = TriggerRulesParser.parse(resource(name));
        assertTrue(result.isValid(), name + ":\n" + result.describeErrors());
    }

    @Test
    void shipped_versions_are_distinct() throws IOException {
        Set<String> versions = Set.of("default-rules.yaml", "tight-rules.yaml", "strict-rules.yaml", "every-event-rules.yaml")
                .stream().map(n -> {
                    try {
                        return TriggerRulesParser.parse(resource(n)).rules().version();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).collect(Collectors.toSet());
        assertEquals(4, versions.size());
    }

    @Test
    void the_every_event_rules_fire_on_every_behaviour() throws IOException {
        RulesTriggerPolicy policy = new RulesTriggerPolicy(TriggerRulesParser.parse(resource("every-event-rules.yaml")).rules());
        TriggerState state = new TriggerState();
        long t = T0;
        for (int i = 0; i < 3; i++) {
            for (Domain domain : Domain.values()) {
                for (Action action : Action.values()) {
                    assertTrue(policy.onBehaviour(null, Scripted.behaviour("u1", action, domain, t++), state).fires());
                }
            }
        }
    }
}
