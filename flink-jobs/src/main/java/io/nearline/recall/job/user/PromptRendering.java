package io.nearline.recall.job.user;

import io.nearline.recall.job.catalogue.CatalogueSource;
import io.nearline.recall.job.catalogue.SharedCatalogue;
import io.nearline.recall.prompt.IncrementalPromptBuilder;
import io.nearline.recall.prompt.PromptMetrics;
import io.nearline.recall.prompt.PromptOptions;
import io.nearline.recall.prompt.SemanticIdLookup;
import io.nearline.recall.prompt.TextDictionary;
import io.nearline.recall.semantic.SemanticId;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.metrics.MetricGroup;

/**
 * Builds each user's prompt incrementally in the trigger operator, rendering behaviours with the
 * semantic IDs of the shared live catalogue (or the template's fallback where none is configured),
 * and exposes the prompt metrics: prefix reuse, dictionary coverage and fan-out.
 */
public final class PromptRendering implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, String> promptSettings;
    private final CatalogueSource catalogue;

    private PromptRendering(Map<String, String> promptSettings, CatalogueSource catalogue) {
        this.promptSettings = promptSettings;
        this.catalogue = catalogue;
    }

    /** {@code prompt.*} keys from the job's settings; no catalogue when {@code source} names no IDs. */
    public static PromptRendering of(Map<String, String> settings, CatalogueSource source) {
        Map<String, String> prompt = new HashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith("prompt.")) {
                prompt.put(key, value);
            }
        });
        PromptOptions.of(prompt); // reject bad options when the job is built, not when it runs
        return new PromptRendering(prompt, source.idsDirectory().isEmpty() ? null : source);
    }

    /** What one operator instance builds prompts with; close it with the operator. */
    public Instance open(MetricGroup metrics) {
        PromptMetrics promptMetrics = new PromptMetrics();
        SharedCatalogue.Lease lease = catalogue == null ? null : SharedCatalogue.open(catalogue);
        SemanticIdLookup lookup = lease == null ? new NoSemanticIds() : new CatalogueIds(lease);
        IncrementalPromptBuilder builder = IncrementalPromptBuilder.create(PromptOptions.of(promptSettings),
                TextDictionary.fromClasspath(promptMetrics), lookup, promptMetrics);
        MetricGroup group = metrics.addGroup("prompt");
        group.gauge("prefix_reuse", promptMetrics::prefixReuse);
        group.gauge("dictionary_coverage", promptMetrics::coverage);
        group.gauge("fan_out", promptMetrics::fanOut);
        group.gauge("unknown_objects", promptMetrics::unknownObjects);
        return new Instance(builder, lease);
    }

    /** The builder of one operator instance and the catalogue lease it renders with. */
    public record Instance(IncrementalPromptBuilder builder, SharedCatalogue.Lease lease) implements AutoCloseable {
        @Override
        public void close() {
            if (lease != null) {
                lease.close();
            }
        }
    }

    private record CatalogueIds(SharedCatalogue.Lease lease) implements SemanticIdLookup {
        @Override
        public Optional<String> render(String objectId) {
            return lease.catalogue().idOf(objectId).map(SemanticId::render);
        }

        @Override
        public String version() {
            return lease.version();
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
