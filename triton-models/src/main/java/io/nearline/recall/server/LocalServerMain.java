package io.nearline.recall.server;

import io.nearline.recall.config.ToolRunner;
import io.nearline.recall.model.ModelFile;
import io.nearline.recall.model.SequentialRecallModel;
import io.nearline.recall.semantic.IdFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.ConfigOption;
import picocli.CommandLine.Command;

/**
 * Runs the local inference server standalone: the trained recall model from a model file
 * ({@code --model=FILE}) or else the frequency test-fixture model, on a catalogue file of rendered
 * semantic IDs, the model's own items, or synthetic IDs; arguments are the {@code server.*} options as
 * {@code --key=value} without the prefix ({@code --help} lists them).
 */
@Command(name = "LocalServerMain", mixinStandardHelpOptions = true,
        description = "Runs the local inference server (Triton's gRPC protocol) until stopped.")
public final class LocalServerMain implements Callable<Integer>, ToolRunner.TakesOptions {

    private final Map<String, String> values = new LinkedHashMap<>();

    private LocalServerMain() {}

    /** What the server serves: the model, the trie it is constrained to, and a line saying what they are. */
    record Served(GenerativeRecallModel model, CodeConstraint constraint, String description) {}

    public static void main(String[] args) {
        ToolRunner.exit(new LocalServerMain(), args);
    }

    /** The options of {@code --key=value} arguments; a bad one is an IllegalArgumentException naming it. */
    static LocalServerOptions parse(String[] args) {
        LocalServerMain main = new LocalServerMain();
        ToolRunner.parse(main, args);
        return LocalServerOptions.fromMap(main.values);
    }

    @Override
    public Collection<? extends ConfigOption<?>> options() {
        return LocalServerOptions.ALL;
    }

    @Override
    public Map<String, String> optionValues() {
        return values;
    }

    @Override
    public String flagPrefix() {
        return "server.";
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        LocalServerOptions options = LocalServerOptions.fromMap(values);
        Served served = !options.modelKind().equals("count") ? TransformerServing.served(options)
                : options.model().isEmpty() ? fixture(options) : trained(options);
        LocalInferenceServer server = LocalInferenceServer.start(options, served.model(), served.constraint());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                served.model().close();
            }
        }, "local-server-stop"));
        System.out.printf("serving model '%s' (%s) on gRPC port %d%n", options.modelName(), served.description(),
                server.port());
        if (server.metricsPort() >= 0) {
            System.out.printf("metrics for Prometheus at http://localhost:%d/metrics%n", server.metricsPort());
        }
        server.awaitTermination();
        return 0;
    }

    /**
     * The trained model of {@code server.model}, constrained to {@code server.catalogue} when given,
     * else to every object the model knows; an unusable file is an IllegalArgumentException saying why.
     */
    static Served trained(LocalServerOptions options) throws IOException {
        ModelFile.Loaded loaded = ModelFile.read(Path.of(options.model()));
        if (loaded instanceof ModelFile.Loaded.Failed failed) {
            throw new IllegalArgumentException("cannot serve model: " + failed.reason());
        }
        SequentialRecallModel model = ((ModelFile.Loaded.Model) loaded).model();
        CodeConstraint constraint;
        String over;
        if (options.catalogue().isEmpty()) {
            constraint = SemanticIdConstraint.of(BeamSearchRanking.trieOf(model.items()), model.items().format());
            over = model.items().size() + " semantic IDs of the objects it was trained over";
        } else {
            List<int[]> ids = readCatalogue(Path.of(options.catalogue()));
            requireFormat(ids, model.items().format(), options.catalogue());
            constraint = CodeTrie.of(ids);
            over = ids.size() + " semantic IDs of " + options.catalogue();
        }
        return new Served(new RecallModelAdapter(model), constraint, model.header().describe() + ", over " + over);
    }

    /** The model has logits only for codes its ID format allows; a catalogue ID outside it is refused at start. */
    private static void requireFormat(List<int[]> ids, IdFormat format, String file) {
        for (int[] id : ids) {
            boolean fits = id.length <= format.maxLength();
            for (int position = 0; fits && position < id.length; position++) {
                fits = id[position] < format.bound(position);
            }
            if (!fits) {
                throw new IllegalArgumentException(file + ": ID " + Arrays.toString(id) + " does not fit the model's "
                        + format);
            }
        }
    }

    static Served fixture(LocalServerOptions options) throws IOException {
        List<int[]> ids = options.catalogue().isEmpty()
                ? FixtureSemanticIds.generate(options.fixtureIds(), options.fixtureLevels(), options.fixtureCodes(),
                        options.fixtureSeed())
                : readCatalogue(Path.of(options.catalogue()));
        CodeTrie trie = CodeTrie.of(ids);
        int codes = Math.max(options.fixtureCodes(), largestCode(ids) + 1);
        GenerativeRecallModel model = new FrequencyFixtureModel(codes, options.fixtureSeed());
        return new Served(model, trie, model.name() + ", a test fixture, over " + trie.size() + " semantic IDs");
    }

    /** One rendered ID per line; blank lines and lines starting with '#' are skipped; bad lines are errors. */
    static List<int[]> readCatalogue(Path file) throws IOException {
        List<int[]> ids = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<int[]> found;
            try {
                found = SemanticIdTokens.findAll(line);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
            if (found.size() != 1 || !SemanticIdTokens.render(found.get(0), found.get(0).length).equals(line)) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected exactly one rendered ID, got '"
                        + line + "'");
            }
            ids.add(found.get(0));
        }
        return ids;
    }

    private static int largestCode(List<int[]> ids) {
        int largest = 0;
        for (int[] id : ids) {
            for (int code : id) {
                largest = Math.max(largest, code);
            }
        }
        return largest;
    }
}
