package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.TinyCheckpoint;
import io.nearline.recall.model.ModelTrainer;
import io.nearline.recall.model.RecallModelOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FusionEvaluationTest {

    private static final int BEAM = 40;

    @TempDir
    Path dir;

    private List<TransformerEvaluation.Sample> samples;
    private Map<String, List<TransformerEvaluation.Sample>> parts;
    private CodeTrie trie;
    private TransformerRecallModel transformer;
    private ModelTrainer.Trained count;

    /** 40 users who walk the fixture's cycle of objects, one sample per step; an untrained (random) transformer. */
    @BeforeEach
    void setUp() throws Exception {
        samples = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(5);
        for (int user = 0; user < 40; user++) {
            int start = random.nextInt(TrainedModelFixture.CYCLE);
            StringBuilder prompt = new StringBuilder("Task: predict the next ad\nRecent ads:");
            for (int step = 0; step < 6; step++) {
                String item = TrainedModelFixture.render("m" + (start + step) % TrainedModelFixture.CYCLE);
                if (step > 0) {
                    samples.add(new TransformerEvaluation.Sample("u" + user, step, samples.size(), prompt.toString(),
                            item));
                }
                prompt.append(' ').append(item);
            }
        }
        parts = TransformerEvaluation.split(samples);
        trie = CodeTrie.of(TrainedModelFixture.ids().ids().values().stream().map(id -> id.codes()).toList());
        transformer = new TransformerRecallModel(LlamaCheckpoint.load(new TinyCheckpoint().write(dir.resolve("ckpt"))),
                null, TransformerRecallModelTest.RECENT_LABELS);
        count = SampleCountModel.train(samples, TrainedModelFixture.ids(), RecallModelOptions.defaults());
    }

    @Test
    void theCountModelNeverCountsAHeldOutResponse() {
        List<List<String>> sequences = SampleCountModel.sequences(samples, TrainedModelFixture.ids(),
                RecallModelOptions.defaults());
        assertEquals(40, sequences.size());
        sequences.forEach(s -> assertEquals(4, s.size(), "the 4 ads before the validation response: " + s));
        assertEquals(160, count.report().interactions());
        assertEquals(0, count.report().droppedInteractions());
    }

    @Test
    void theWeightIsChosenOnValidationAndTestedWithBothEnds() {
        List<FusionEvaluation.Setting> settings = FusionEvaluation.settings(transformer,
                new RecallModelAdapter(count.model()), List.of(0f, 0.5f, 2f));
        assertSame(transformer, settings.get(0).model(), "weight 0 is the LLM itself");
        assertTrue(settings.get(3).countOnly());

        FusionEvaluation.Outcome outcome = FusionEvaluation.sweep(settings, trie, parts, BEAM,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(4, outcome.validation().size());
        double best = outcome.validation().get(outcome.chosen()).model().hitRate(10);
        outcome.validation().values().forEach(r -> assertTrue(r.model().hitRate(10) <= best));
        assertTrue(outcome.validation().get(settings.get(0)).model().hitRate(10) < best,
                "the untrained LLM alone must lose to the count model's learned cycle");
        assertTrue(outcome.test().containsKey(settings.get(0)));
        assertTrue(outcome.test().containsKey(settings.get(3)));
        assertTrue(outcome.test().containsKey(outcome.chosen()));
        outcome.test().values().forEach(r -> assertEquals(40, r.model().cases()));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        FusionEvaluation.print(outcome, "fixture", new PrintStream(printed, true, StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("chosen on validation: " + outcome.chosen().name()), text);
        assertTrue(text.contains("| count model only |") || text.contains("| **count model only (chosen)** |"), text);
        assertTrue(text.contains("fixture, test (40 users), beam 40"), text);
    }

    @Test
    void theFusedRankingDiffersFromEitherEnd() {
        List<FusionEvaluation.Setting> settings = FusionEvaluation.settings(transformer,
                new RecallModelAdapter(count.model()), List.of(0f, 1f));
        int differsFromLlm = 0;
        int differsFromCount = 0;
        for (TransformerEvaluation.Sample sample : parts.get("test")) {
            List<String> llm = TransformerEvaluation.recalled(settings.get(0).model(), trie, sample.prompt(), BEAM);
            List<String> fused = TransformerEvaluation.recalled(settings.get(1).model(), trie, sample.prompt(), BEAM);
            List<String> counted = TransformerEvaluation.recalled(settings.get(2).model(), trie, sample.prompt(), BEAM);
            assertEquals(Set.copyOf(llm), Set.copyOf(fused), "a beam as wide as the catalogue recalls all of it");
            differsFromLlm += fused.equals(llm) ? 0 : 1;
            differsFromCount += fused.equals(counted) ? 0 : 1;
        }
        assertNotEquals(0, differsFromLlm, "adding the count model's log-probabilities must reorder the LLM's");
        assertNotEquals(0, differsFromCount, "the LLM's log-probabilities must reorder the count model's");
    }

    @Test
    void aUsersListOfOtherSamplesIsRefused() throws Exception {
        Path users = dir.resolve("users.tsv");
        Files.writeString(users, "validation\tu1\nvalidation\tu2\ntest\tu3\nhr300\tu3\n");
        Map<String, Set<String>> listed = FusionEvaluation.readUsers(users);
        Map<String, List<TransformerEvaluation.Sample>> kept = FusionEvaluation.restrict(parts, listed);
        assertEquals(2, kept.get("validation").size());
        assertEquals("u3", kept.get("test").get(0).user());
        assertEquals(parts.get("train"), kept.get("train"));

        Files.writeString(users, "test\tnobody\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FusionEvaluation.restrict(parts, FusionEvaluation.readUsers(users)));
        assertTrue(e.getMessage().contains("1 test users listed but 0"), e.getMessage());
        Files.writeString(users, "train u1\n");
        assertThrows(IllegalArgumentException.class, () -> FusionEvaluation.readUsers(users));
    }
}
