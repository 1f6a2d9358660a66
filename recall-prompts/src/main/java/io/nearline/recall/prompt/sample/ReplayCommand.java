package io.nearline.recall.prompt.sample;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.config.ToolRunner;
import io.nearline.recall.prompt.IncrementalPromptBuilder;
import io.nearline.recall.prompt.PromptMetrics;
import io.nearline.recall.prompt.PromptOptions;
import io.nearline.recall.prompt.TextDictionary;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * Prints prompt figures over a behaviour log ({@code --source=generator|DATASET_PATH [prompt options]}): tokens
 * before and after cleaning, prefix reuse, budget, dictionary coverage and fan-out. "Before cleaning" shows every
 * behaviour, impressions included, with no collapsing; "rules" applies repeats, conversion merge and runs but
 * shows impressions; the other rows use the given options.
 */
@Command(name = "ReplayCommand", mixinStandardHelpOptions = true,
        description = "Prints prompt figures over a behaviour log; takes every prompt option.")
public final class ReplayCommand extends PromptCommand {

    private ReplayCommand() {
    }

    public static void main(String[] args) {
        ToolRunner.exit(new ReplayCommand(), args);
    }

    @Override
    public Integer call() {
        PromptOptions given = promptOptions();
        BehaviourLog log = BehaviourLogs.open(source, logOptions());
        Map<String, PromptOptions> rows = new LinkedHashMap<>();
        PromptOptions unlimited = given.with("prompt.budget.max-tokens", "0").with("prompt.state.max-entries", "100000");
        rows.put("before cleaning, no budget", unlimited.with("prompt.clean.repeat-window", "0 ms")
                .with("prompt.clean.attribution-window", "0 ms").with("prompt.clean.run-key", "NONE")
                .with("prompt.clean.include-impressions", "true"));
        rows.put("rules, impressions shown", unlimited.with("prompt.clean.include-impressions", "true"));
        rows.put("cleaned, no budget", unlimited);
        rows.put("cleaned, budget " + given.maxTokens, given);
        System.out.printf("source %s, template %s%n", log.name(), given.template);
        System.out.printf("%-28s %8s %8s %8s %8s %9s %7s %7s %7s %8s %9s %9s %6s%n", "configuration", "events",
                "prompts", "meanTok", "maxTok", "finalTok", "reuse1", "reuse32", "reuse64", "coverage", "fanOut",
                "fanOutFull", "cuts");
        for (Map.Entry<String, PromptOptions> row : rows.entrySet()) {
            PromptMetrics metrics = new PromptMetrics();
            StandInSemanticIds ids = StandInSemanticIds.fromCatalogue(log.catalogue());
            IncrementalPromptBuilder builder = IncrementalPromptBuilder
                    .create(row.getValue(), TextDictionary.fromClasspath(metrics), ids, metrics)
                    .withCategories(new CatalogueCategories(log.catalogue()));
            PromptReplay.Result r = PromptReplay.run(log, builder, metrics);
            System.out.printf("%-28s %8d %8d %8.1f %8d %9.1f %7.3f %7.3f %7.3f %8.4f %9.2f %9.2f %6d%n", row.getKey(),
                    r.events(), r.prompts(), r.meanPromptTokens(), r.maxPromptTokens(), r.meanFinalTokens(),
                    r.reuseByBlock()[0], r.reuseByBlock()[1], r.reuseByBlock()[2], r.coverage(), r.fanOutPerPrompt(),
                    r.fanOutFullRender(), r.budgetCuts());
            if (row.getValue() == given) {
                System.out.printf("  per-prompt mean reuse %.3f, prefix renders %d, coverage by feature %s%n",
                        r.meanPerPromptReuse(), r.prefixRenders(), metrics.coverageByFeature());
            }
        }
        return 0;
    }
}
