package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nearline.recall.llm.TinyCheckpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformerEvaluationTest {

    @TempDir
    Path dir;

    /** 150 objects, 4 users x 3 samples; every test response is the most common training response. */
    private Map<String, String> files(String objectsVersion) throws Exception {
        Path checkpoint = new TinyCheckpoint().write(dir.resolve("checkpoint"));
        List<String> rendered = new ArrayList<>(new LinkedHashSet<>(TransformerRecallModelTest.ids(3).stream()
                .map(id -> SemanticIdTokens.render(id, id.length)).toList()));
        StringBuilder objects = new StringBuilder("# semantic-id-version=" + objectsVersion + "\n");
        for (int i = 0; i < rendered.size(); i++) {
            objects.append("m").append(i).append('\t').append(rendered.get(i)).append("\t1.5\n");
        }
        Files.writeString(dir.resolve("objects.tsv"), objects);
        ObjectMapper json = new ObjectMapper();
        StringBuilder samples = new StringBuilder();
        List<String> prompts = TransformerRecallModelTest.replay();
        for (int user = 0; user < 4; user++) {
            for (int k = 0; k < 3; k++) {
                String response = k == 1 ? rendered.get(10 + user) : rendered.get(0);
                samples.append(json.writeValueAsString(Map.of("type", "sft", "userId", "u" + user, "eventTime",
                        1000 * user + k, "prompt", prompts.get(k), "response", response))).append('\n');
            }
        }
        samples.append(json.writeValueAsString(Map.of("type", "dpo", "userId", "u0"))).append('\n');
        Files.writeString(dir.resolve("sft.jsonl"), samples);
        return Map.of("checkpoint", checkpoint.toString(), "objects", dir.resolve("objects.tsv").toString(),
                "samples", dir.resolve("sft.jsonl").toString(), "beam-width", "300");
    }

    @Test
    void ranksEachUsersLastResponseThroughTheServingPath() throws Exception {
        Map<String, String> args = files("1");
        Map<String, List<TransformerEvaluation.Sample>> parts = TransformerEvaluation.split(
                TransformerEvaluation.readSamples(Path.of(args.get("samples"))));
        assertEquals(4, parts.get("test").size());
        assertEquals(4, parts.get("validation").size());
        assertEquals(4, parts.get("train").size());
        CodeTrie trie = CodeTrie.of(TransformerEvaluation.readObjectIds(Path.of(args.get("objects"))));
        TransformerRecallModel model = new TransformerRecallModel(
                io.nearline.recall.llm.LlamaCheckpoint.load(Path.of(args.get("checkpoint"))), null,
                TransformerRecallModelTest.RECENT_LABELS);
        TransformerEvaluation.Result test = TransformerEvaluation.evaluate(model, trie, parts.get("test"),
                parts.get("train"), 300);
        assertEquals(1.0, test.model().hitRate(300), "a beam as wide as the catalogue recalls every object");
        assertTrue(test.model().hitRate(5) <= test.model().hitRate(10));
        assertEquals(1.0, test.popularity().hitRate(5), "the test response is the most common training response");
        TransformerEvaluation.Result validation = TransformerEvaluation.evaluate(model, trie, parts.get("validation"),
                parts.get("train"), 300);
        assertEquals(0.0, validation.popularity().hitRate(300), "validation responses never occur in training");

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TransformerEvaluation.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String table = printed.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("| transformer (serving path) |"), table);
        assertTrue(table.contains("test split (4 users)"), table);
    }

    @Test
    void objectsOfAnotherCodebookAreRefused() throws Exception {
        Map<String, String> args = files("9");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformerEvaluation.run(args, System.out));
        assertTrue(e.getMessage().contains("catalogue is version '9'"), e.getMessage());
    }
}
