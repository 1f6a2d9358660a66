package io.nearline.recall.behaviour;

import io.nearline.recall.config.ToolRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import io.nearline.recall.avro.BehaviourEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Generator throughput against a baseline of replaying the same events from a list already in memory; main prints
 * events per second and the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GeneratorBench {

    static final int EVENTS = 100_000;

    private BehaviourGenerator generator;
    private List<BehaviourEvent> materialised;

    @Setup
    public void setUp() {
        generator = new BehaviourGenerator(BehaviourLogOptions.defaults().withEvents(EVENTS));
        materialised = new ArrayList<>(EVENTS);
        generator.events().forEachRemaining(materialised::add);
    }

    @Benchmark
    public void baselineReplayFromMemory(Blackhole sink) {
        for (BehaviourEvent e : materialised) {
            sink.consume(e);
        }
    }

    @Benchmark
    public void generate(Blackhole sink) {
        for (Iterator<BehaviourEvent> it = generator.events(); it.hasNext(); ) {
            sink.consume(it.next());
        }
    }

    public static void main(String[] args) {
        ToolRunner.exit(new Launcher(), args);
    }

    /** The command line of {@link #main}: no arguments. */
    @Command(name = "GeneratorBench", mixinStandardHelpOptions = true,
            description = "Times the behaviour generator against replaying the same events from memory.")
    static final class Launcher implements Callable<Integer> {
        @Override
        public Integer call() throws RunnerException {
            run();
            return 0;
        }
    }

    private static void run() throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(GeneratorBench.class.getSimpleName()).build()).run();
        double baseline = score(results, "baselineReplayFromMemory");
        double generate = score(results, "generate");
        System.out.printf("generator: %.0f events/s (%.2f ms per %d events)%n", EVENTS / generate * 1000, generate, EVENTS);
        System.out.printf("baseline replay from memory: %.0f events/s%n", EVENTS / baseline * 1000);
        System.out.printf("generator time / baseline time: %.1fx%n", generate / baseline);
    }

    private static double score(Collection<RunResult> results, String method) {
        return results.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + method)).findFirst()
                .orElseThrow().getPrimaryResult().getScore();
    }
}
