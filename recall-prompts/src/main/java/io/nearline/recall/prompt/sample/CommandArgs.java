package io.nearline.recall.prompt.sample;

import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.prompt.PromptOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command-line arguments of the commands here: {@code --name=value} for the command's own arguments, generator
 * settings ({@code --seed --users --objects --events}) and any prompt option key ({@code --prompt.budget.max-tokens=256}).
 */
final class CommandArgs {

    private static final Set<String> LOG_KEYS = Set.of("seed", "users", "objects", "events");

    private final Map<String, String> own = new LinkedHashMap<>();
    private final Map<String, String> prompt = new LinkedHashMap<>();
    private final Map<String, String> log = new LinkedHashMap<>();

    CommandArgs(String[] args, Set<String> ownKeys) {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
            }
            String key = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            if (ownKeys.contains(key)) {
                own.put(key, value);
            } else if (LOG_KEYS.contains(key)) {
                log.put(key, value);
            } else if (key.startsWith("prompt.") || key.startsWith("sample.")) {
                prompt.put(key, value);
            } else {
                throw new IllegalArgumentException("unknown argument --" + key + "; expected one of " + ownKeys
                        + ", " + LOG_KEYS + " or a prompt option key");
            }
        }
    }

    String required(String key) {
        String v = own.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + key + "=...");
        }
        return v;
    }

    String get(String key, String fallback) {
        return own.getOrDefault(key, fallback);
    }

    PromptOptions promptOptions() {
        return PromptOptions.of(prompt);
    }

    BehaviourLogOptions logOptions() {
        BehaviourLogOptions.Builder b = BehaviourLogOptions.defaults().toBuilder();
        log.forEach((k, v) -> {
            switch (k) {
                case "seed" -> b.seed(Long.parseLong(v));
                case "users" -> b.users(Integer.parseInt(v));
                case "objects" -> b.objects(Integer.parseInt(v));
                default -> b.events(Long.parseLong(v));
            }
        });
        return b.build();
    }
}
