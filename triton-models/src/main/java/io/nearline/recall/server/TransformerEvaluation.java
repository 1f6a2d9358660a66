package io.nearline.recall.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.PrefixKvCache;
import io.nearline.recall.model.RankingMetrics;
import io.nearline.recall.prompt.PromptTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Offline evaluation of the recall LLM through the serving path: the SFT samples recall-prompts wrote (the same
 * prompts the model was trained on), leave-one-out per user (last sample test, the one before validation, as the
 * Python trainer splits them), each prompt decoded by {@link ConstrainedBeamSearch} over the trie of the objects file
 * with {@link TransformerRecallModel}; HR@K and NDCG@K beside popularity over the training responses. Seen items
 * are not removed (LETTER's TIGER protocol).
 */
final class TransformerEvaluation {

    static final int[] CUTOFFS = {5, 10, 50, 300};

    /** One sample: the user's prompt before a response and the response's rendered semantic ID. */
    record Sample(String user, long time, int order, String prompt, String response) {}

    /** The figures of one split. */
    record Result(int cases, RankingMetrics model, RankingMetrics popularity, double msPerCase) {}

    private TransformerEvaluation() {}

    static List<Sample> readSamples(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Sample> samples = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode record = json.readTree(line);
            if (record.path("type").asText().equals("sft")) {
                samples.add(new Sample(record.path("userId").asText(), record.path("eventTime").asLong(),
                        samples.size(), record.path("prompt").asText(), record.path("response").asText()));
            }
        }
        return samples;
    }

    /**
     * Each user's samples in time order: train, then validation (second to last), then test (last); users in id
     * order as the Python split takes them, so {@code --limit=N} evaluates the same first N users on both sides.
     */
    static Map<String, List<Sample>> split(List<Sample> samples) {
        Map<String, List<Sample>> parts = new HashMap<>(Map.of("train", new ArrayList<>(),
                "validation", new ArrayList<>(), "test", new ArrayList<>()));
        for (List<Sample> ordered : byUser(samples).values()) {
            int n = ordered.size();
            parts.get("test").add(ordered.get(n - 1));
            if (n >= 2) {
                parts.get("validation").add(ordered.get(n - 2));
            }
            parts.get("train").addAll(ordered.subList(0, Math.max(0, n - 2)));
        }
        return parts;
    }

    /** Each user's samples in time order (file order breaks ties), users in id order. */
    static Map<String, List<Sample>> byUser(List<Sample> samples) {
        Map<String, List<Sample>> byUser = new TreeMap<>();
        for (Sample s : samples) {
            byUser.computeIfAbsent(s.user(), u -> new ArrayList<>()).add(s);
        }
        byUser.values().forEach(ordered -> ordered.sort(
                Comparator.comparingLong(Sample::time).thenComparingInt(Sample::order)));
        return byUser;
    }

    /** The objects file of SampleCommand --objects-out: {@code objectId<TAB>rendered ID[<TAB>eCPM]} lines. */
    static List<int[]> readObjectIds(Path file) throws IOException {
        List<int[]> ids = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            ids.addAll(SemanticIdTokens.findAll(fields.length > 1 ? fields[1] : fields[0]));
        }
        return ids;
    }

    static String objectsVersion(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("# semantic-id-version=")) {
                return line.substring(line.indexOf('=') + 1).strip();
            }
        }
        return TransformerServing.versionLine(file);
    }

    static Result evaluate(GenerativeRecallModel model, CodeTrie trie, List<Sample> cases, List<Sample> train,
            int beamWidth) {
        Map<String, Integer> counts = new HashMap<>();
        train.forEach(s -> counts.merge(s.response(), 1, Integer::sum));
        List<String> popular = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
        long start = System.nanoTime();
        int[] ranks = IntStream.range(0, cases.size()).parallel()
                .map(i -> recalled(model, trie, cases.get(i).prompt(), beamWidth).indexOf(cases.get(i).response()))
                .toArray();
        double ms = (System.nanoTime() - start) / 1e6 / Math.max(1, cases.size());
        RankingMetrics ours = new RankingMetrics(CUTOFFS);
        RankingMetrics popularity = new RankingMetrics(CUTOFFS);
        for (int i = 0; i < cases.size(); i++) {
            ours.add(ranks[i]);
            popularity.add(popular.indexOf(cases.get(i).response()));
        }
        return new Result(cases.size(), ours, popularity, ms);
    }

    /** The rendered IDs the serving path's search recalls for one prompt, best first. */
    static List<String> recalled(GenerativeRecallModel model, CodeTrie trie, String prompt, int beamWidth) {
        return ConstrainedBeamSearch.search(model, ModelContext.fromPrompt(prompt), trie, beamWidth, beamWidth,
                trie.maxLength(), () -> false).stream().map(RecalledId::text).toList();
    }

    /** The recall LLM as the server runs it by default: its prefix cache and prompt template, {@code --runtime}. */
    static LlamaRecallModel servedModel(LlamaCheckpoint checkpoint, Map<String, String> args) throws IOException {
        return (LlamaRecallModel) RecallLlmRuntime.load(checkpoint, args.getOrDefault("runtime", RecallLlmRuntime.AUTO),
                LocalServerOptions.ONNX_THREADS.defaultValue(),
                new PrefixKvCache(LocalServerOptions.DEFAULT_PREFIX_CACHE_BYTES),
                FrozenPrefix.of(PromptTemplate.load(LocalServerOptions.DEFAULT_PROMPT_TEMPLATE)));
    }

    /** {@code --checkpoint=DIR --samples=FILE --objects=FILE [--beam-width=300] [--limit=N] [--runtime=auto]}. */
    static void run(Map<String, String> args, PrintStream out) throws IOException {
        LlamaCheckpoint checkpoint = LlamaCheckpoint.load(Path.of(required(args, "checkpoint")));
        Path objects = Path.of(required(args, "objects"));
        TransformerServing.requireCodebook(checkpoint, objectsVersion(objects));
        CodeTrie trie = CodeTrie.of(readObjectIds(objects));
        int beamWidth = Integer.parseInt(args.getOrDefault("beam-width", "300"));
        int limit = Integer.parseInt(args.getOrDefault("limit", "0"));
        Map<String, List<Sample>> parts = split(readSamples(Path.of(required(args, "samples"))));
        // the runtime the server would pick (--runtime, auto by default): the same recalls, sooner under ONNX Runtime
        LlamaRecallModel model = servedModel(checkpoint, args);
        for (String name : List.of("validation", "test")) {
            List<Sample> cases = parts.get(name);
            cases = limit > 0 && cases.size() > limit ? cases.subList(0, limit) : cases;
            Result r = evaluate(model, trie, cases, parts.get("train"), beamWidth);
            out.printf(Locale.ROOT, "%n%s, %s split (%d users), %s version %s (%s), beam %d over %d objects, %.1f ms"
                            + " a user%n", args.get("samples"), name, r.cases(), model.name(), model.version(),
                    model.runtime(), beamWidth, trie.size(),
                    r.msPerCase());
            out.println("| model | HR@5 | HR@10 | HR@50 | HR@300 | NDCG@5 | NDCG@10 |");
            out.println("|---|---|---|---|---|---|---|");
            out.println(row("transformer (serving path)", r.model()));
            out.println(row("popularity (training responses)", r.popularity()));
        }
        out.printf(Locale.ROOT, "%nprefill tokens per prompt %.1f over %d prompts; prefix cache %s%n",
                (double) model.prefillTokens() / Math.max(1, model.prompts()), model.prompts(), model.cacheStats());
        model.close();
    }

    static String row(String name, RankingMetrics m) {
        return String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |", name, m.hitRate(5),
                m.hitRate(10), m.hitRate(50), m.hitRate(300), m.ndcg(5), m.ndcg(10));
    }

    private static String required(Map<String, String> args, String key) {
        String value = args.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing --" + key + "=...; usage: --checkpoint=DIR --samples=FILE"
                    + " --objects=FILE [--beam-width=300] [--limit=N]");
        }
        return value;
    }
}
