package io.nearline.recall.prompt.sample;

import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.prompt.PromptOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The arguments both commands here take, a picocli mixin: the behaviour log ({@code --source}, and the generator's
 * {@code --seed --users --objects --events}); the commands also take every prompt option as {@code --KEY=VALUE}
 * ({@code --prompt.budget.max-tokens=256}), collected in {@link #promptValues}.
 */
final class CommandArgs {

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

    final Map<String, String> promptValues = new LinkedHashMap<>();

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
