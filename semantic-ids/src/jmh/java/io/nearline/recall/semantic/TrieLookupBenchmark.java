package io.nearline.recall.semantic;

import io.nearline.recall.config.ToolRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * JMH: "which codes may follow this prefix" on a whole catalogue, by the trie and by a linear scan over every ID
 * (the baseline), and one beam step by node walking. {@code main} prints the ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TrieLookupBenchmark {

    private static final int QUERIES = 4096;

    /** An ids-vN.tsv file written by BuildSemanticIds, or "synthetic:N" for N random 4x256 IDs. */
    @Param("synthetic:100000")
    public String catalogue;

    private SemanticIdTrie trie;
    private int[][] ids;
    private int[][] prefixes;
    private int[] lengths;
    private TrieNode[] parents;
    private int[] nextCodes;
    private int query;

    @Setup
    public void setUp() throws IOException {
        Collection<SemanticId> loaded = load(catalogue);
        trie = SemanticIdTrie.empty();
        int objects = 0;
        for (SemanticId id : loaded) {
            trie = trie.with(id, "o" + objects++);
        }
        ids = loaded.stream().map(SemanticId::codes).toArray(int[][]::new);
        SplittableRandom random = new SplittableRandom(1);
        prefixes = new int[QUERIES][];
        lengths = new int[QUERIES];
        parents = new TrieNode[QUERIES];
        nextCodes = new int[QUERIES];
        for (int q = 0; q < QUERIES; q++) {
            int[] id = ids[random.nextInt(ids.length)];
            prefixes[q] = id;
            lengths[q] = random.nextInt(id.length);
            parents[q] = trie.node(id, lengths[q]);
            nextCodes[q] = id[lengths[q]];
        }
    }

    private static Collection<SemanticId> load(String catalogue) throws IOException {
        if (catalogue.startsWith("synthetic:")) {
            int size = Integer.parseInt(catalogue.substring("synthetic:".length()));
            SplittableRandom random = new SplittableRandom(7);
            Set<SemanticId> unique = new HashSet<>();
            while (unique.size() < size) {
                unique.add(SemanticId.of(random.nextInt(256), random.nextInt(256), random.nextInt(256),
                        random.nextInt(256)));
            }
            return unique;
        }
        List<SemanticId> loaded = new ArrayList<>();
        List<String> lines = Files.readAllLines(Path.of(catalogue), StandardCharsets.UTF_8);
        IdFormat format = new IdFormat(4, 256, 256);
        for (String line : lines.subList(1, lines.size())) {
            ParsedId parsed = SemanticIdText.parse(line.substring(line.indexOf('\t') + 1), format);
            loaded.add(((ParsedId.Valid) parsed).id());
        }
        return loaded;
    }

    @Benchmark
    public int[] trieAllowedNext() {
        int q = query++ & (QUERIES - 1);
        return trie.allowedNext(prefixes[q], lengths[q]);
    }

    @Benchmark
    public TrieNode trieBeamStep() {
        int q = query++ & (QUERIES - 1);
        return parents[q].child(nextCodes[q]);
    }

    @Benchmark
    public int[] linearScanAllowedNext() {
        int q = query++ & (QUERIES - 1);
        int[] prefix = prefixes[q];
        int length = lengths[q];
        boolean[] seen = new boolean[257];
        int count = 0;
        for (int[] id : ids) {
            if (id.length > length && Arrays.equals(id, 0, length, prefix, 0, length) && !seen[id[length]]) {
                seen[id[length]] = true;
                count++;
            }
        }
        int[] allowed = new int[count];
        for (int code = 0, i = 0; code < seen.length; code++) {
            if (seen[code]) {
                allowed[i++] = code;
            }
        }
        return allowed;
    }

    /** Runs the benchmarks on the catalogues given (ids-vN.tsv paths or synthetic:N) and prints the ratios. */
    public static void main(String[] args) {
        ToolRunner.exit(new Launcher(), args);
    }

    /** The command line of {@link #main}. */
    @Command(name = "TrieLookupBenchmark", mixinStandardHelpOptions = true,
            description = "Times trie look-ups against a linear scan; prints the ratios.")
    static final class Launcher implements Callable<Integer> {
        @picocli.CommandLine.Parameters(paramLabel = "CATALOGUE", defaultValue = "synthetic:100000",
                description = "ids-vN.tsv files written by BuildSemanticIds, or synthetic:N (default: ${DEFAULT-VALUE}).")
        private String[] catalogues;

        @Override
        public Integer call() throws Exception {
            run(catalogues);
            return 0;
        }
    }

    private static void run(String[] catalogues) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(TrieLookupBenchmark.class.getSimpleName())
                .param("catalogue", catalogues)
                .build()).run();
        for (String catalogue : catalogues) {
            double trie = score(results, catalogue, "trieAllowedNext");
            double step = score(results, catalogue, "trieBeamStep");
            double scan = score(results, catalogue, "linearScanAllowedNext");
            System.out.printf(Locale.ROOT, "%s: allowedNext trie %.1f ns, linear scan %.1f ns: trie %.0fx faster;"
                    + " beam step (node walk) %.1f ns%n", catalogue, trie, scan, scan / trie, step);
        }
    }

    private static double score(Collection<RunResult> results, String catalogue, String benchmark) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + benchmark)
                        && r.getParams().getParam("catalogue").equals(catalogue))
                .mapToDouble(r -> r.getPrimaryResult().getScore()).findFirst().orElse(Double.NaN);
    }
}
