package io.nearline.recall.job.user;

import io.nearline.recall.job.catalogue.CatalogueReplica;
import io.nearline.recall.prompt.IncrementalPromptBuilder;
import io.nearline.recall.prompt.PromptMetrics;
import io.nearline.recall.prompt.PromptOptions;
import io.nearline.recall.prompt.SemanticIdLookup;
import io.nearline.recall.prompt.TextDictionary;
import io.nearline.recall.semantic.SemanticId;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.prompt.DictionaryProblem;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each user's prompt incrementally in the trigger operator, rendering behaviours with the
 * semantic IDs of the operator's catalogue replica (or the template's fallback where none is configured),
 * and exposes the prompt metrics: prefix reuse, dictionary coverage and fan-out.
 */
public final class PromptRendering implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(PromptRendering.class);

    private final Map<String, String> promptSettings;
    private final String dictionariesDirectory;
    private final Duration dictionariesReload;

    private PromptRendering(Map<String, String> promptSettings, String dictionariesDirectory,
                            Duration dictionariesReload) {
        this.promptSettings = promptSettings;
        this.dictionariesDirectory = dictionariesDirectory;
        this.dictionariesReload = dictionariesReload;
    }

    /**
     * {@code prompt.*} keys from the job's settings; text dictionaries from the classpath, or from
     * {@code dictionaries.dir} re-read while running.
     */
    public static PromptRendering of(Map<String, String> settings) {
        Map<String, String> prompt = new HashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith("prompt.")) {
                prompt.put(key, value);
            }
        });
        PromptOptions.of(prompt); // reject bad options when the job is built, not when it runs
        Configuration config = Configuration.fromMap(settings);
        return new PromptRendering(prompt, config.get(JobOptions.DICTIONARIES_DIR),
                config.get(JobOptions.DICTIONARIES_RELOAD));
    }

    /** What one operator instance builds prompts with, without semantic IDs; close it with the operator. */
    public Instance open(MetricGroup metrics) {
        return open(metrics, null);
    }

    /** As {@link #open(MetricGroup)}, rendering objects with the IDs of {@code catalogue} (none when null). */
    public Instance open(MetricGroup metrics, CatalogueReplica catalogue) {
        PromptMetrics promptMetrics = new PromptMetrics();
        SemanticIdLookup lookup = catalogue == null ? new NoSemanticIds() : new CatalogueIds(catalogue);
        TextDictionary dictionary = TextDictionary.fromClasspath(promptMetrics);
        IncrementalPromptBuilder builder = IncrementalPromptBuilder.create(PromptOptions.of(promptSettings),
                dictionary, lookup, promptMetrics);
        MetricGroup group = metrics.addGroup("prompt");
        ScheduledExecutorService reloads = null;
        if (!dictionariesDirectory.isEmpty()) {
            AtomicLong problems = new AtomicLong();
            group.gauge("dictionary_reload_problems", problems::get);
            reload(dictionary, problems);
            reloads = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "dictionary-reload");
                thread.setDaemon(true);
                return thread;
            });
            reloads.scheduleWithFixedDelay(() -> reload(dictionary, problems), dictionariesReload.toMillis(),
                    dictionariesReload.toMillis(), TimeUnit.MILLISECONDS);
        }
        group.gauge("prefix_reuse", promptMetrics::prefixReuse);
        group.gauge("dictionary_coverage", promptMetrics::coverage);
        group.gauge("fan_out", promptMetrics::fanOut);
        group.gauge("unknown_objects", promptMetrics::unknownObjects);
        return new Instance(builder, reloads);
    }

    /** Re-reads the dictionaries; a directory with problems is not used, and the dictionaries in use stay. */
    private void reload(TextDictionary dictionary, AtomicLong problems) {
        try {
            List<DictionaryProblem> found = dictionary.reload(Path.of(dictionariesDirectory));
            long before = problems.getAndSet(found.size());
            if (!found.isEmpty() && before != found.size()) { // once per broken edit, not every interval
                LOG.warn("dictionaries in {} not used, {} stays: {}", dictionariesDirectory, dictionary.version(), found);
            }
        } catch (IOException | RuntimeException e) {
            problems.set(1);
            LOG.warn("dictionaries in {} unreadable, {} stays", dictionariesDirectory, dictionary.version(), e);
        }
    }

    /** The builder of one operator instance and its dictionary reloads. */
    public record Instance(IncrementalPromptBuilder builder, ScheduledExecutorService reloads) implements AutoCloseable {
        @Override
        public void close() {
            if (reloads != null) {
                reloads.shutdownNow();
            }
        }
    }

    private record CatalogueIds(CatalogueReplica catalogue) implements SemanticIdLookup {
        @Override
        public Optional<String> render(String objectId) {
            return catalogue.catalogue().idOf(objectId).map(SemanticId::render);
        }

        @Override
        public String version() {
            return catalogue.version();
        }
    }

    private static final class NoSemanticIds implements SemanticIdLookup {
        @Override
        public Optional<String> render(String objectId) {
            return Optional.empty();
        }

        @Override
        public String version() {
            return "none";
        }
    }
}
