package io.nearline.recall.cluster;

import io.nearline.recall.config.ToolRunner;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.ConfigOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bin/cluster up|down|status [--KEY=VALUE ...]}: the local cluster of real processes, from the shell. */
@Command(name = "bin/cluster", mixinStandardHelpOptions = true,
        description = "A local Flink cluster of real processes: up starts it afresh and submits the job, status shows "
                + "each process and the job, down stops every process.")
public final class ClusterCommand implements Callable<Integer>, ToolRunner.TakesOptions {

    /** What the command does. */
    enum Action { up, down, status }

    @Parameters(index = "0", paramLabel = "up|down|status", description = "What to do.")
    private Action action;

    private final Map<String, String> values = new LinkedHashMap<>();

    private ClusterCommand() {}

    public static void main(String[] args) {
        ToolRunner.exit(new ClusterCommand(), args);
    }

    @Override
    public Collection<? extends ConfigOption<?>> options() {
        return ClusterOptions.ALL;
    }

    @Override
    public Map<String, String> optionValues() {
        return values;
    }

    @Override
    public String flagPrefix() {
        return "cluster.";
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        LocalCluster cluster = new LocalCluster(ClusterOptions.fromMap(values), System.out);
        switch (action) {
            case up -> {
                try {
                    cluster.up();
                } catch (RuntimeException | IOException e) {
                    System.err.println("[cluster] up failed: " + e);
                    System.err.println("[cluster] stopping what was started; logs are in " + cluster.layout().logs());
                    cluster.down();
                    return 1;
                }
                ClusterReport.print(cluster, System.out);
                System.out.println("[cluster] stop it with: bin/cluster down");
            }
            case down -> {
                if (!cluster.down()) {
                    System.out.println("[cluster] nothing was running in " + cluster.layout().dir());
                }
            }
            case status -> {
                return ClusterReport.print(cluster, System.out) ? 0 : 1;
            }
        }
        return 0;
    }
}
