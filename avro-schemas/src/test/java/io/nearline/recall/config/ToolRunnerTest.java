package io.nearline.recall.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class ToolRunnerTest {

    private static final ConfigOption<Integer> TOKENS = ConfigOptions.key("prompt.max-tokens").intType()
            .defaultValue(512).withDescription("Token budget.");

    @Command(name = "tool", mixinStandardHelpOptions = true)
    static final class Tool implements Callable<Integer>, ToolRunner.TakesOptions {
        @Option(names = "--count", defaultValue = "1")
        int count;
        final Map<String, String> values = new LinkedHashMap<>();

        @Override
        public Integer call() {
            OptionValues options = OptionValues.of(values, List.of(TOKENS));
            OptionValues.require(options.get(TOKENS) > count, TOKENS, options.get(TOKENS), "must exceed --count");
            return 0;
        }

        @Override
        public Collection<? extends ConfigOption<?>> options() {
            return List.of(TOKENS);
        }

        @Override
        public Map<String, String> optionValues() {
            return values;
        }
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Tool tool, String... args) {
        return ToolRunner.run(tool, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsTheOptionsWithTheirDefaultsAndExitsZero() {
        assertEquals(0, run(new Tool(), "--help"));
        assertTrue(out.toString().contains("--prompt.max-tokens=VALUE"), out.toString());
        assertTrue(out.toString().contains("(default: 512)"), out.toString());
    }

    @Test
    void documentedOptionsNotGivenAreNotSet() {
        Tool tool = new Tool();
        assertEquals(0, run(tool, "--count", "3"));
        assertEquals(Map.of(), tool.values);
    }

    @Test
    void documentedOptionsAreTakenAsKeyEqualsValue() {
        Tool tool = new Tool();
        assertEquals(0, run(tool, "--prompt.max-tokens=256", "--count", "3"));
        assertEquals(Map.of("prompt.max-tokens", "256"), tool.values);
    }

    @Test
    void aBadArgumentOrARefusedValueIsOneLineAndExitTwo() {
        assertEquals(2, run(new Tool(), "--no-such-flag"));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("--no-such-flag"), err.toString());
        StringWriter refused = new StringWriter();
        assertEquals(2, ToolRunner.run(new Tool(), new PrintWriter(out, true), new PrintWriter(refused, true),
                "--prompt.max-tokens=1", "--count", "5"));
        assertEquals("tool: prompt.max-tokens=1: must exceed --count (--help lists the arguments)",
                refused.toString().strip());
    }
}
