package io.nearline.recall.job;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} in option values from the environment of the process that builds the
 * job, so that credentials reach it from Kubernetes secrets (pod environment) without being written
 * into the deployment's arguments. A reference to an unset variable is an error, not an empty secret.
 */
public final class SecretReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private SecretReferences() {}

    public static Map<String, String> resolve(Map<String, String> settings) {
        return resolve(settings, System::getenv);
    }

    static Map<String, String> resolve(Map<String, String> settings, UnaryOperator<String> environment) {
        Map<String, String> resolved = new HashMap<>();
        settings.forEach((key, value) -> {
            Matcher matcher = REFERENCE.matcher(value);
            StringBuilder text = new StringBuilder();
            while (matcher.find()) {
                String variable = environment.apply(matcher.group(1));
                if (variable == null) {
                    throw new IllegalArgumentException("option " + key + " refers to the environment variable "
                            + matcher.group(1) + ", which is not set");
                }
                matcher.appendReplacement(text, Matcher.quoteReplacement(variable));
            }
            matcher.appendTail(text);
            resolved.put(key, text.toString());
        });
        return resolved;
    }
}
