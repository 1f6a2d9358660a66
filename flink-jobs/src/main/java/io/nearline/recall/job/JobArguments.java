package io.nearline.recall.job;

import io.nearline.recall.cache.RedisOptions;
import io.nearline.recall.cache.trace.TraceStoreOptions;
import io.nearline.recall.config.OptionValues;
import io.nearline.recall.inference.TritonOptions;
import io.nearline.recall.prompt.PromptOptions;
import io.nearline.recall.semantic.SemanticIdOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.util.ParameterTool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The job's command line: every option as {@code --key value}, Flink's convention for {@code flink run}
 * (picocli gives {@code --help} and one-line errors; Flink's {@link ParameterTool} pairs keys and values, as the
 * Flink client's own programs do). {@code --help} lists every documented option with its default.
 */
@Command(name = "NearlineRecallJob", mixinStandardHelpOptions = true,
        description = "The near-line recall job: Kafka in, Triton inference, Redis out. Every option is --key value;"
                + " Kafka client settings pass as --kafka.properties.<name> value; a value may be $${env:NAME}.")
public final class JobArguments {

    @Parameters(paramLabel = "--KEY VALUE", description = "Job options (see below and the READMEs).")
    private List<String> settings = new ArrayList<>();

    /** The command line of {@code arguments}: options it does not declare are taken as settings. */
    static CommandLine commandLine(JobArguments arguments) {
        CommandLine line = new CommandLine(arguments);
        line.setUnmatchedOptionsArePositionalParams(true);
        line.getCommandSpec().usageMessage().footer(footer());
        return line;
    }

    /** The settings given, key to value. */
    Map<String, String> settings() {
        return ParameterTool.fromArgs(settings.toArray(String[]::new)).toMap();
    }

    /** Every option group the job reads, each key with its default. */
    static List<ConfigOption<?>> documented() {
        List<ConfigOption<?>> all = new ArrayList<>(JobOptions.all());
        all.addAll(RedisOptions.ALL);
        all.addAll(TraceStoreOptions.ALL);
        all.addAll(TritonOptions.ALL);
        all.addAll(PromptOptions.ALL);
        all.addAll(List.of(SemanticIdOptions.DIVERSITY_PREFIX, SemanticIdOptions.DIVERSITY_PER_PREFIX,
                SemanticIdOptions.DIVERSITY_MAX_RESULTS));
        return all;
    }

    private static String footer() {
        StringBuilder text = new StringBuilder("%nOptions (key, default):%n");
        for (ConfigOption<?> option : documented()) {
            text.append("  --").append(option.key()).append(' ')
                    .append(OptionValues.defaultText(option).replace("%", "%%")).append("%n");
        }
        return text.toString();
    }
}
