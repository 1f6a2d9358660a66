package io.nearline.recall.prompt.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.prompt.IncrementalPromptBuilder;
import io.nearline.recall.prompt.PromptMetrics;
import io.nearline.recall.prompt.PromptOptions;
import io.nearline.recall.prompt.PromptState;
import io.nearline.recall.prompt.TextDictionary;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrainingSamplesTest {

    private static final PromptOptions OPTIONS = PromptOptions.defaults()
            .with("sample.last-n", "3").with("sample.active-min-responses", "4")
            .with("prompt.budget.max-tokens", "256");
    private static BehaviourLog log;
    private static StandInSemanticIds ids;
    private static List<JsonNode> records;
    private static TrainingSamples.Summary summary;

    private static IncrementalPromptBuilder servingBuilder() {
        PromptMetrics metrics = new PromptMetrics();
        return IncrementalPromptBuilder.create(OPTIONS, TextDictionary.fromClasspath(metrics), ids, metrics)
                .withCategories(new CatalogueCategories(log.catalogue()));
    }

    @BeforeAll
    static void writeSamples() throws Exception {
        log = BehaviourLogs.open("generator", BehaviourLogOptions.defaults().withUsers(40).withEvents(6000));
        ids = StandInSemanticIds.fromCatalogue(log.catalogue());
        StringWriter out = new StringWriter();
        summary = new TrainingSamples(servingBuilder(), ids).write(log, out);
        ObjectMapper json = new ObjectMapper();
        records = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            records.add(json.readTree(line));
        }
    }

    @Test
    void eachSamplePromptEqualsTheServingPromptForTheSameUserState() {
        Map<String, JsonNode> sftByEvent = new HashMap<>();
        records.stream().filter(r -> r.get("type").asText().equals("sft"))
                .forEach(r -> sftByEvent.put(r.get("eventId").asText(), r));
        assertTrue(sftByEvent.size() > 20, "enough samples to compare: " + sftByEvent.size());

        IncrementalPromptBuilder serving = servingBuilder();
        Map<String, PromptState> states = new HashMap<>();
        for (UserProfileUpdate p : log.profiles()) {
            serving.updateProfile(states.computeIfAbsent(p.getUserId(), PromptState::forUser), p.getAttributes());
        }
        int compared = 0;
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
            BehaviourEvent e = it.next();
            PromptState state = states.computeIfAbsent(e.getUserId(), PromptState::forUser);
            JsonNode sample = sftByEvent.get(e.getEventId());
            if (sample != null) {
                var served = serving.render(state);
                assertEquals(served.text(), sample.get("prompt").asText(), "sample for " + e.getEventId());
                assertEquals(served.tokens(), sample.get("promptTokens").asInt());
                assertEquals(ids.render(e.getObjectId()).orElseThrow(), sample.get("response").asText());
                compared++;
            }
            serving.append(state, e);
        }
        assertEquals(sftByEvent.size(), compared);
    }

    @Test
    void activeUsersGiveTheirLastNResponsesAndOthersTheirLastOne() {
        Map<String, Integer> perUser = new HashMap<>();
        records.stream().filter(r -> r.get("type").asText().equals("sft"))
                .forEach(r -> perUser.merge(r.get("userId").asText(), 1, Integer::sum));
        assertTrue(perUser.values().stream().allMatch(n -> n == 1 || n == 3), perUser.toString());
        assertEquals(summary.activeUsers(), perUser.values().stream().filter(n -> n == 3).count());
        assertEquals(summary.users(), perUser.size());
        assertTrue(summary.activeUsers() > 0 && summary.activeUsers() < summary.users());
    }

    @Test
    void dpoPairsPreferTheHigherEcpmByAtLeastTheConfiguredRatioAndCarryVersions() {
        List<JsonNode> pairs = records.stream().filter(r -> r.get("type").asText().equals("dpo")).toList();
        assertTrue(!pairs.isEmpty(), "the generator has eCPM on clicks");
        assertEquals(summary.dpo(), pairs.size());
        for (JsonNode p : pairs) {
            assertTrue(p.get("chosenEcpm").asDouble() >= 2.0 * p.get("rejectedEcpm").asDouble());
            assertTrue(!p.get("chosen").asText().equals(p.get("rejected").asText()));
        }
        for (JsonNode r : records) {
            assertEquals("recall-v1", r.get("promptVersion").asText());
            assertTrue(r.get("dictionaryVersion").asText().startsWith("profile@"));
            assertEquals(StandInSemanticIds.VERSION, r.get("semanticIdVersion").asText());
        }
    }
}
