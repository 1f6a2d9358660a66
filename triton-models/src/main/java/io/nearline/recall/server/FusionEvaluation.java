package io.nearline.recall.server;

import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.PrefixKvCache;
import io.nearline.recall.model.ModelTrainer;
import io.nearline.recall.model.RankingMetrics;
import io.nearline.recall.model.RecallModelOptions;
import io.nearline.recall.model.SemanticIdSet;
import io.nearline.recall.prompt.PromptTemplate;
import io.nearline.recall.semantic.SemanticIdStore;
import io.nearline.recall.semantic.StoredIds;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fusion weight of {@link FusionRecallModel} chosen offline: every weight of the sweep (0 is the recall LLM
 * alone) and the count model alone ranked on the validation users through the serving path's constrained search;
 * the best validation HR@10 (then NDCG@10, then the smaller weight) is chosen, and only then are the test users
 * ranked, at the chosen weight and at both ends, so the test never picks anything.
 */
final class FusionEvaluation {

    /** One ranking of the sweep: a fusion weight, or the count model alone (weight NaN). */
    record Setting(String name, double weight, GenerativeRecallModel model) {

        boolean countOnly() {
            return Double.isNaN(weight);
        }
    }

    /** What the sweep measured: every setting on validation, the chosen one, it and both ends on test. */
    record Outcome(int beamWidth, Map<Setting, TransformerEvaluation.Result> validation, Setting chosen,
                   Map<Setting, TransformerEvaluation.Result> test) {}

    static final String USAGE = "--checkpoint=DIR --samples=FILE --objects=FILE --ids=DIR --fusion-weights=W,W,..."
            + " [--users=FILE | --limit=N] [--beam-width=50]";

    private FusionEvaluation() {}

    /**
     * The command: the count model trained on the samples ({@link SampleCountModel}, recall-model's default
     * options) over the semantic IDs of {@code ids}, the sweep, and, for the users listed as {@code hr300}, HR@300 at
     * beam 300 of the chosen weight and both ends. {@code users}: {@code part<TAB>user} lines (eval_users.py).
     */
    static void run(Map<String, String> args, PrintStream out) throws IOException {
        LlamaCheckpoint checkpoint = LlamaCheckpoint.load(Path.of(required(args, "checkpoint")));
        Path objects = Path.of(required(args, "objects"));
        String version = TransformerEvaluation.objectsVersion(objects);
        TransformerServing.requireCodebook(checkpoint, version);
        SemanticIdSet ids = storedIds(Path.of(required(args, "ids")), version);
        CodeTrie trie = CodeTrie.of(TransformerEvaluation.readObjectIds(objects));
        List<TransformerEvaluation.Sample> samples = TransformerEvaluation.readSamples(Path.of(required(args, "samples")));
        Map<String, List<TransformerEvaluation.Sample>> all = TransformerEvaluation.split(samples);
        Map<String, Set<String>> users = args.containsKey("users") ? readUsers(Path.of(args.get("users"))) : Map.of();
        int beamWidth = Integer.parseInt(args.getOrDefault("beam-width", "50"));
        List<Float> weights = Arrays.stream(required(args, "fusion-weights").split(",")).map(String::strip)
                .map(Float::parseFloat).toList();

        ModelTrainer.Trained count = SampleCountModel.train(samples, ids, RecallModelOptions.defaults());
        ModelTrainer.Report report = count.report();
        out.printf(Locale.ROOT, "count model: %d user histories before the held-out, %d interactions (%d without a"
                + " semantic ID dropped), %d items, %d transitions, %.1f s%n", report.sequences(),
                report.interactions(), report.droppedInteractions(), report.items(), report.transitionEntries(),
                report.seconds());
        LlamaRecallModel transformer = TransformerEvaluation.servedModel(checkpoint, args);
        List<Setting> settings = settings(transformer, new RecallModelAdapter(count.model()), weights);
        String title = args.get("samples") + ", " + transformer.name() + " version " + transformer.version() + " ("
                + transformer.runtime() + ")";
        Map<String, List<TransformerEvaluation.Sample>> parts = restrict(all, users);
        int limit = Integer.parseInt(args.getOrDefault("limit", "0"));
        for (String part : List.of("validation", "test")) {
            if (limit > 0 && !users.containsKey(part) && parts.get(part).size() > limit) {
                parts.put(part, parts.get(part).subList(0, limit));
            }
        }
        Outcome outcome = sweep(settings, trie, parts, beamWidth, out);
        print(outcome, title, out);
        if (users.containsKey("hr300")) {
            Map<String, List<TransformerEvaluation.Sample>> few = restrict(all, Map.of("test", users.get("hr300")));
            Map<Setting, TransformerEvaluation.Result> wide = new LinkedHashMap<>();
            for (Setting setting : outcome.test().keySet()) {
                wide.put(setting, checked(setting, TransformerEvaluation.evaluate(setting.model(), trie,
                        few.get("test"), few.get("train"), 300), few.get("test").size()));
            }
            out.printf(Locale.ROOT, "%n%s, HR@300 at beam 300 on %d test users%n", title, few.get("test").size());
            table(wide, outcome.chosen(), 300, out);
        }
        transformer.close();
    }

    /** The weights, in the order given, then the count model alone; weight 0 is the transformer itself. */
    static List<Setting> settings(GenerativeRecallModel transformer, GenerativeRecallModel count, List<Float> weights) {
        List<Setting> settings = new ArrayList<>();
        for (float weight : weights) {
            settings.add(weight == 0f ? new Setting("LLM only (weight 0)", 0, transformer)
                    : new Setting("fusion, weight " + weight, weight, new FusionRecallModel(transformer, count, weight)));
        }
        settings.add(new Setting("count model only", Double.NaN, count));
        return settings;
    }

    /** Best validation HR@10, then NDCG@10, then the earlier setting (the smaller weight, the count model last). */
    static Setting choose(Map<Setting, TransformerEvaluation.Result> validation) {
        Comparator<Map.Entry<Setting, TransformerEvaluation.Result>> better = Comparator
                .comparingDouble((Map.Entry<Setting, TransformerEvaluation.Result> e) -> e.getValue().model().hitRate(10))
                .thenComparingDouble(e -> e.getValue().model().ndcg(10));
        Map.Entry<Setting, TransformerEvaluation.Result> best = null;
        for (Map.Entry<Setting, TransformerEvaluation.Result> entry : validation.entrySet()) {
            if (best == null || better.compare(entry, best) > 0) {
                best = entry;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("nothing was swept");
        }
        return best.getKey();
    }

    /** The sweep; {@code progress} hears each validation setting's HR@10 as it is measured (a sweep takes minutes). */
    static Outcome sweep(List<Setting> settings, CodeTrie trie, Map<String, List<TransformerEvaluation.Sample>> parts,
            int beamWidth, PrintStream progress) {
        Map<Setting, TransformerEvaluation.Result> validation = new LinkedHashMap<>();
        for (Setting setting : settings) {
            TransformerEvaluation.Result result = checked(setting, TransformerEvaluation.evaluate(setting.model(), trie,
                    parts.get("validation"), parts.get("train"), beamWidth), parts.get("validation").size());
            validation.put(setting, result);
            progress.printf(Locale.ROOT, "  validation, %s: HR@10 %.4f (%.1f ms a user)%n", setting.name(),
                    result.model().hitRate(10), result.msPerCase());
        }
        Setting chosen = choose(validation);
        Map<Setting, TransformerEvaluation.Result> test = new LinkedHashMap<>();
        for (Setting setting : settings) {
            boolean end = setting.weight() == 0 || setting.countOnly();
            if (end || setting == chosen) {
                test.put(setting, checked(setting, TransformerEvaluation.evaluate(setting.model(), trie,
                        parts.get("test"), parts.get("train"), beamWidth), parts.get("test").size()));
            }
        }
        return new Outcome(beamWidth, validation, chosen, test);
    }

    /** Keeps the cases of each held-out part whose user is listed for it; a part without a list is kept whole. */
    static Map<String, List<TransformerEvaluation.Sample>> restrict(Map<String, List<TransformerEvaluation.Sample>> parts,
            Map<String, Set<String>> users) {
        Map<String, List<TransformerEvaluation.Sample>> kept = new LinkedHashMap<>(parts);
        for (String part : List.of("validation", "test")) {
            Set<String> listed = users.get(part);
            if (listed != null) {
                List<TransformerEvaluation.Sample> cases = parts.get(part).stream()
                        .filter(s -> listed.contains(s.user())).toList();
                if (cases.size() != listed.size()) {
                    throw new IllegalArgumentException(listed.size() + " " + part + " users listed but "
                            + cases.size() + " of them have a " + part + " sample: the list is of other samples");
                }
                kept.put(part, cases);
            }
        }
        return kept;
    }

    static void print(Outcome outcome, String title, PrintStream out) {
        out.printf(Locale.ROOT, "%n%s, validation (%d users), beam %d: the sweep%n", title,
                outcome.validation().values().iterator().next().cases(), outcome.beamWidth());
        table(outcome.validation(), outcome.chosen(), outcome.beamWidth(), out);
        out.printf(Locale.ROOT, "chosen on validation: %s%n", outcome.chosen().name());
        out.printf(Locale.ROOT, "%n%s, test (%d users), beam %d, at the chosen weight and both ends%n", title,
                outcome.test().values().iterator().next().cases(), outcome.beamWidth());
        table(outcome.test(), outcome.chosen(), outcome.beamWidth(), out);
    }

    /** HR@300 only where the beam returned 300: a narrower beam would print HR@beam under its name. */
    private static void table(Map<Setting, TransformerEvaluation.Result> results, Setting chosen, int beamWidth,
            PrintStream out) {
        out.println("| model | HR@5 | HR@10 | HR@50 | HR@300 | NDCG@5 | NDCG@10 | ms a user |");
        out.println("|---|---|---|---|---|---|---|---|");
        TransformerEvaluation.Result any = null;
        for (Map.Entry<Setting, TransformerEvaluation.Result> e : results.entrySet()) {
            String name = e.getKey() == chosen ? "**" + e.getKey().name() + " (chosen)**" : e.getKey().name();
            out.println(row(name, e.getValue().model(), beamWidth)
                    + String.format(Locale.ROOT, " %.1f |", e.getValue().msPerCase()));
            any = e.getValue();
        }
        out.println(row("popularity (training responses)", any.popularity(), 300) + " - |");
    }

    private static String row(String name, RankingMetrics m, int beamWidth) {
        return String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %s | %.4f | %.4f |", name, m.hitRate(5),
                m.hitRate(10), m.hitRate(50), beamWidth >= 300 ? String.format(Locale.ROOT, "%.4f", m.hitRate(300))
                        : "-", m.ndcg(5), m.ndcg(10));
    }

    /** {@code part<TAB>user} lines; blank lines and {@code #} comments skipped. */
    static Map<String, Set<String>> readUsers(Path file) throws IOException {
        Map<String, Set<String>> users = new TreeMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 2 || !Set.of("validation", "test", "hr300").contains(fields[0])) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 'validation|test|hr300"
                        + "<TAB>user', got '" + line + "'");
            }
            users.computeIfAbsent(fields[0], p -> new HashSet<>()).add(fields[1]);
        }
        return users;
    }

    private static SemanticIdSet storedIds(Path directory, String objectsVersion) throws IOException {
        StoredIds stored = new SemanticIdStore(directory).loadLatest();
        if (stored instanceof StoredIds.Failed failed) {
            throw new IllegalArgumentException("cannot read the semantic IDs: " + String.join("; ", failed.problems()));
        }
        SemanticIdSet ids = SemanticIdSet.of(((StoredIds.Loaded) stored).assignments());
        if (!objectsVersion.equals("ids-v" + ids.version()) && !objectsVersion.equals(Integer.toString(ids.version()))) {
            throw new IllegalArgumentException(directory + " holds semantic IDs version " + ids.version()
                    + " but the objects are version '" + objectsVersion + "': the count model would name other objects");
        }
        return ids;
    }

    private static String required(Map<String, String> args, String key) {
        String value = args.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing --" + key + "=...; usage: " + USAGE);
        }
        return value;
    }

    /** Every case ranked once, or the figures describe other users than the table says. */
    private static TransformerEvaluation.Result checked(Setting setting, TransformerEvaluation.Result result,
            int cases) {
        if (result.model().cases() != cases || result.popularity().cases() != cases) {
            throw new IllegalStateException(setting.name() + " ranked " + result.model().cases() + " of " + cases
                    + " cases");
        }
        return result;
    }
}
