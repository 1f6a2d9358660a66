package io.nearline.recall.prompt.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.prompt.IncrementalPromptBuilder;
import io.nearline.recall.prompt.PromptMetrics;
import io.nearline.recall.prompt.PromptOptions;
import io.nearline.recall.prompt.TextDictionary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PromptReplayTest {

    /** The shared datasets beside the repository; absent in a user's clone, where the test is skipped. */
    private static final Path ML_100K = Path.of(System.getProperty("datasets.dir", "../../shared/datasets"), "ml-100k");

    private static PromptReplay.Result replay(BehaviourLog log, PromptOptions options) {
        PromptMetrics metrics = new PromptMetrics();
        IncrementalPromptBuilder builder = IncrementalPromptBuilder
                .create(options, TextDictionary.fromClasspath(metrics), StandInSemanticIds.fromCatalogue(log.catalogue()),
                        metrics)
                .withCategories(new CatalogueCategories(log.catalogue()));
        return PromptReplay.run(log, builder, metrics);
    }

    @Test
    void overAGeneratedLogMostOfEachPromptIsTheUsersPreviousPromptAndTheBudgetHolds() {
        BehaviourLog log = BehaviourLogs.open("generator", BehaviourLogOptions.defaults().withUsers(100).withEvents(20_000));
        PromptReplay.Result r = replay(log, PromptOptions.defaults().with("prompt.budget.max-tokens", "256"));
        assertTrue(r.budgetCuts() > 0, "the budget must bind for the test to mean something");
        assertTrue(r.maxPromptTokens() <= 256, "max tokens " + r.maxPromptTokens());
        assertTrue(r.reuseByBlock()[0] >= 0.8, "reuse " + r.reuseByBlock()[0]);
        assertTrue(r.reuseByBlock()[2] <= r.reuseByBlock()[1] && r.reuseByBlock()[1] <= r.reuseByBlock()[0]);
        assertEquals(r.reuseByBlock()[0], r.builderReuseGauge(), 1e-12, "the job's gauge measures the same");
        assertEquals(20_000, r.events());
    }

    @Test
    void overMovieLensReuseIsAtLeastEightyPercentWithinTheDefaultBudget() {
        assumeTrue(Files.isRegularFile(ML_100K.resolve("u.data")), "ml-100k not present at " + ML_100K);
        PromptReplay.Result r = replay(BehaviourLogs.open(ML_100K.toString(), BehaviourLogOptions.defaults()),
                PromptOptions.defaults());
        assertTrue(r.budgetCuts() > 0);
        assertTrue(r.maxPromptTokens() <= 512, "max tokens " + r.maxPromptTokens());
        assertTrue(r.reuseByBlock()[0] >= 0.8, "reuse " + r.reuseByBlock()[0]);
        assertEquals(1.0, r.coverage(), "every MovieLens profile value and genre has a text");
    }
}
