package io.nearline.recall.prompt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live feature-to-text mapping prompts render through: an immutable {@link DictionarySnapshot} swapped
 * atomically on update, so a prompt being rendered sees one version. A value without text renders as
 * {@code feature=value} (never dropped), and every look-up is counted for coverage and fan-out.
 */
public final class TextDictionary {

    private final AtomicReference<DictionarySnapshot> current;
    private final PromptMetrics metrics;

    public TextDictionary(DictionarySnapshot initial, PromptMetrics metrics) {
        this.current = new AtomicReference<>(initial);
        this.metrics = metrics;
    }

    /** The packaged dictionaries; a packaging mistake is a bug, so problems throw with every line listed. */
    public static TextDictionary fromClasspath(PromptMetrics metrics) {
        DictionaryFiles.Load load = DictionaryFiles.loadClasspath();
        if (!load.ok()) {
            throw new IllegalStateException("packaged dictionaries have problems: " + load.problems());
        }
        return new TextDictionary(load.snapshot(), metrics);
    }

    public DictionarySnapshot snapshot() {
        return current.get();
    }

    public String version() {
        return current.get().version();
    }

    /** Swaps in a new snapshot; prompts pick it up on their next append. */
    public void swap(DictionarySnapshot next) {
        current.set(next);
    }

    /** Loads a directory of TSV files and swaps it in only if it had no problems; returns the problems. */
    public List<DictionaryProblem> reload(Path dir) throws IOException {
        DictionaryFiles.Load load = DictionaryFiles.loadDirectory(dir);
        if (load.ok()) {
            swap(load.snapshot());
        }
        return load.problems();
    }

    /** Text of a raw value in {@code snapshot}, or the documented fallback {@code feature=value}. */
    public String render(DictionarySnapshot snapshot, String feature, String value) {
        String text = snapshot.text(feature, value).orElse(null);
        metrics.countLookup(feature, text != null);
        return text != null ? text : fallback(feature, value);
    }

    public static String fallback(String feature, String value) {
        return feature + "=" + value;
    }
}
