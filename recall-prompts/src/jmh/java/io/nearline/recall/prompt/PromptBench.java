package io.nearline.recall.prompt;

import io.nearline.recall.config.ToolRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs {@link PromptBuildBenchmark} and prints prompts per second per core for each path and the ratios. */
@Command(name = "PromptBench", mixinStandardHelpOptions = true,
        description = "Times incremental prompts against full renders and rebuilds; prints prompts per second.")
public final class PromptBench implements Callable<Integer> {

    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE",
            defaultValue = "/work/shared/datasets/ml-100k", description = "Behaviour log (default: ${DEFAULT-VALUE}).")
    private String source;

    private PromptBench() {
    }

    public static void main(String[] args) {
        ToolRunner.exit(new PromptBench(), args);
    }

    @Override
    public Integer call() throws RunnerException {
        long events = 0;
        for (Iterator<?> it = BehaviourLogs.open(source, BehaviourLogOptions.defaults()).events(); it.hasNext(); it.next()) {
            events++;
        }
        Options options = new OptionsBuilder()
                .include(PromptBuildBenchmark.class.getSimpleName())
                .param("source", source)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> perSecond = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            double prompts = name.equals("rebuildFromHistory") ? PromptBuildBenchmark.REBUILD_SAMPLE : events;
            perSecond.put(name, prompts / (r.getPrimaryResult().getScore() / 1000.0));
        }
        double rebuild = perSecond.get("rebuildFromHistory");
        double rerender = perSecond.get("appendThenFullRender");
        System.out.printf("%nprompts per second per core on %s (%d events)%n", source, events);
        double recentWhole = perSecond.get("incrementalAppendRecentWhole");
        for (String name : new String[] {"incrementalAppend", "incrementalAppendRecentWhole", "appendThenFullRender",
            "rebuildFromHistory"}) {
            System.out.printf("%-28s %12.0f prompts/s   x%.2f vs rebuild   x%.2f vs full render   x%.2f vs recent "
                    + "rendered whole%n", name, perSecond.get(name), perSecond.get(name) / rebuild,
                    perSecond.get(name) / rerender, perSecond.get(name) / recentWhole);
        }
        return 0;
    }
}
