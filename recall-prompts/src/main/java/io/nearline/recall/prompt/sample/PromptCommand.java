package io.nearline.recall.prompt.sample;

import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.config.ToolRunner;
import io.nearline.recall.prompt.PromptOptions;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.ConfigOption;
import picocli.CommandLine.Option;

/**
 * What both commands here take: the behaviour log ({@code --source}, and the generator's
 * {@code --seed --users --objects --events}) and every prompt option as {@code --KEY=VALUE}
 * ({@code --prompt.budget.max-tokens=256}).
 */
abstract class PromptCommand implements Callable<Integer>, ToolRunner.TakesOptions {

    @Option(names = "--source", required = true, paramLabel = "generator|PATH",
            description = "Behaviour log: 'generator' or a dataset path (ml-100k folder, Beauty.txt).")
    String source;

    @Option(names = "--seed", paramLabel = "N", description = "Generator: seed (default: 42).")
    Long seed;

    @Option(names = "--users", paramLabel = "N", description = "Generator: users (default: 2000).")
    Integer users;

    @Option(names = "--objects", paramLabel = "N", description = "Generator: marketing objects (default: 5000).")
    Integer objects;

    @Option(names = "--events", paramLabel = "N", description = "Generator: events (default: 200000).")
    Long events;

    private final Map<String, String> promptValues = new LinkedHashMap<>();

    @Override
    public Collection<? extends ConfigOption<?>> options() {
        return PromptOptions.ALL;
    }

    @Override
    public Map<String, String> optionValues() {
        return promptValues;
    }

    PromptOptions promptOptions() {
        return PromptOptions.of(promptValues);
    }

    BehaviourLogOptions logOptions() {
        BehaviourLogOptions.Builder b = BehaviourLogOptions.defaults().toBuilder();
        if (seed != null) {
            b.seed(seed);
        }
        if (users != null) {
            b.users(users);
        }
        if (objects != null) {
            b.objects(objects);
        }
        if (events != null) {
            b.events(events);
        }
        return b.build();
    }
}
