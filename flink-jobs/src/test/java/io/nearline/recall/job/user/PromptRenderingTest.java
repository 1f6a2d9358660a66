package io.nearline.recall.job.user;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.job.JobOptions;
import io.nearline.recall.prompt.PromptState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text dictionaries from a directory are re-read while the job runs; a broken version is not used. */
class PromptRenderingTest {

    private static String profilePrompt(PromptRendering.Instance instance) {
        PromptState state = PromptState.forUser("u1");
        instance.builder().updateProfile(state, Map.of("age_bucket", "age_25_34"));
        return instance.builder().render(state).text();
    }

    @Test
    void editedDictionaries_reachThePrompt_andABrokenEditIsNotUsed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("profile.tsv"), "#version\tops-1\nage_bucket\tage_25_34\tin their late twenties\n");
        PromptRendering rendering = PromptRendering.of(Map.of(JobOptions.DICTIONARIES_DIR.key(), dir.toString(),
                JobOptions.DICTIONARIES_RELOAD.key(), "100 ms"));
        try (PromptRendering.Instance instance = rendering.open(new UnregisteredMetricsGroup())) {
            assertTrue(profilePrompt(instance).contains("in their late twenties"), profilePrompt(instance));

            Files.writeString(dir.resolve("profile.tsv"), "#version\tops-2\nage_bucket\tage_25_34\taged 25 to 34\n");
            awaitPrompt(instance, "aged 25 to 34");

            Files.writeString(dir.resolve("profile.tsv"), "#version\tops-3\nthis line has no tabs\n");
            Thread.sleep(500);
            assertTrue(profilePrompt(instance).contains("aged 25 to 34"), "the dictionaries in use stay");
        }
    }

    private static void awaitPrompt(PromptRendering.Instance instance, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!profilePrompt(instance).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the edited dictionary never reached the prompt: " + profilePrompt(instance));
            }
            Thread.sleep(50);
        }
    }
}
