package io.nearline.recall.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nearline.recall.job.ArmCounters;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.inference.FleetGauges;
import io.nearline.recall.server.ServerMetrics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart's Grafana dashboard queries only metrics the code exports: the job's counters (JobMetrics, per arm
 * too: ArmCounters) and
 * fleet gauges (FleetGauges) under the names Flink's Prometheus reporter gives them, and the local
 * inference server's (ServerMetrics).
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("..", "helm", "nearline-recall", "files", "grafana-dashboard.json");
    /** Every metric of this project is in one of these namespaces; labels and PromQL words are not. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:flink_|nearline_)[A-Za-z0-9_:]*");

    @Test
    void everyMetricTheDashboardQueries_isOneTheCodeExports() throws Exception {
        Set<String> exported = exported();
        Set<String> unknown = new TreeSet<>();
        for (String expr : expressions()) {
            Matcher name = METRIC.matcher(expr);
            boolean any = false;
            while (name.find()) {
                any = true;
                if (!exported.contains(name.group())) {
                    unknown.add(name.group());
                }
            }
            assertTrue(any, "a query names none of the project's metrics: " + expr);
        }
        assertTrue(unknown.isEmpty(), "the dashboard queries metrics nothing exports: " + unknown);
    }

    @Test
    void everyPanelHasAQuery_andTheDashboardUsesTheDatasourceVariable() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        assertFalse(dashboard.path("panels").isEmpty());
        for (JsonNode panel : dashboard.path("panels")) {
            assertFalse(panel.path("targets").isEmpty(), panel.path("title").asText() + " has no query");
            assertTrue(panel.path("datasource").path("uid").asText().equals("${datasource}"), panel.path("title").asText());
        }
    }

    private static List<String> expressions() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        return expressions;
    }

    /** The job's counters are JobMetrics' other constants; fleet gauges and the server list their own names. */
    private static Set<String> exported() throws IllegalAccessException {
        Set<String> names = new TreeSet<>(FleetGauges.prometheusNames());
        names.addAll(ServerMetrics.exportedNames());
        ArmCounters.COUNTED.forEach(counter -> names.add(ArmCounters.prometheusName(counter)));
        for (Field field : JobMetrics.class.getFields()) {
            boolean constant = Modifier.isStatic(field.getModifiers()) && field.getType() == String.class;
            String name = field.getName();
            if (constant && !name.equals("GROUP") && !name.startsWith("FLEET") && !name.startsWith("PROMETHEUS")) {
                names.add(JobMetrics.prometheusName((String) field.get(null)));
            }
        }
        return names;
    }
}
