package io.nearline.recall.inspector;

import io.nearline.recall.cache.RedisOptions;
import io.nearline.recall.cache.trace.TraceStoreOptions;
import io.nearline.recall.config.OptionValues;
import io.nearline.recall.config.ToolRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.ConfigOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/inspector}: starts the recall inspector and serves until stopped. Options as {@code --key value}:
 * {@code inspector.*}, and the job's {@code redis.*} and {@code trace.store.*} for the stores it reads.
 */
@Command(name = "bin/inspector", mixinStandardHelpOptions = true,
        description = "The recall inspector: a read-only web tool over the trace store, the recall store and the "
                + "catalogue. Every option is --key value.")
public final class InspectorMain {

    @Parameters(paramLabel = "--KEY VALUE", description = "inspector.*, redis.* and trace.store.* options (see the README).")
    private List<String> settings = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        InspectorMain main = new InspectorMain();
        CommandLine line = new CommandLine(main);
        line.setUnmatchedOptionsArePositionalParams(true);
        line.getCommandSpec().usageMessage().footer(footer());
        if (!ToolRunner.parseOrExit(line, args)) {
            return;
        }
        InspectorServer server;
        try {
            server = InspectorServer.start(InspectorOptions.fromMap(main.pairs(), System.getenv()));
        } catch (IllegalArgumentException e) {
            ToolRunner.exitRefused(line, e);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // the process is ending
            }
        }));
        new CountDownLatch(1).await();
    }

    private Map<String, String> pairs() {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < settings.size(); i++) {
            String key = settings.get(i);
            if (!key.startsWith("--") || i + 1 >= settings.size()) {
                throw new IllegalArgumentException("expected --key value pairs, got '" + key + "'");
            }
            pairs.put(key.substring(2), settings.get(++i));
        }
        return pairs;
    }

    private static String footer() {
        StringBuilder text = new StringBuilder("%nOptions (key, default):%n");
        List<ConfigOption<?>> options = new ArrayList<>(InspectorOptions.ALL);
        options.addAll(RedisOptions.CONNECTION);
        options.add(RedisOptions.KEY_PREFIX);
        options.addAll(TraceStoreOptions.ALL);
        for (ConfigOption<?> option : options) {
            text.append("  --").append(option.key()).append(' ')
                    .append(OptionValues.defaultText(option).replace("%", "%%")).append("%n");
        }
        return text.toString();
    }
}
