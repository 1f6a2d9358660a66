package io.nearline.recall.deploy;

import com.google.protobuf.TextFormat;
import io.nearline.recall.deploy.triton.DataType;
import io.nearline.recall.deploy.triton.ModelConfig;
import io.nearline.recall.deploy.triton.ModelInput;
import io.nearline.recall.deploy.triton.ModelOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Triton model repository of this module, read from disk: every model's config.pbtxt, parsed by protobuf's
 * text format into Triton's {@code ModelConfig} (src/test/proto/model_config.proto), by folder name.
 */
final class ModelRepository {

    static final Path ROOT = Path.of("model-repository");

    final Map<String, ModelConfig> configs;

    private ModelRepository(Map<String, ModelConfig> configs) {
        this.configs = configs;
    }

    static ModelRepository load() {
        Map<String, ModelConfig> configs = new TreeMap<>();
        try (Stream<Path> folders = Files.list(ROOT)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                Path config = folder.resolve("config.pbtxt");
                if (Files.exists(config)) {
                    configs.put(folder.getFileName().toString(), parse(Files.readString(config), config.toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelRepository(configs);
    }

    /** One config.pbtxt; a syntax error or a field Triton's schema lacks is an IllegalArgumentException naming the place. */
    static ModelConfig parse(String text, String source) {
        ModelConfig.Builder config = ModelConfig.newBuilder();
        try {
            TextFormat.getParser().merge(text, config);
        } catch (TextFormat.ParseException e) {
            throw new IllegalArgumentException(source + ":" + e.getMessage(), e);
        }
        return config.build();
    }

    ModelConfig model(String name) {
        ModelConfig config = configs.get(name);
        if (config == null) {
            throw new IllegalArgumentException("no model '" + name + "' in " + ROOT + " (have " + configs.keySet() + ")");
        }
        return config;
    }

    static Map<String, ModelInput> inputs(ModelConfig config) {
        Map<String, ModelInput> inputs = new LinkedHashMap<>();
        config.getInputList().forEach(input -> inputs.put(input.getName(), input));
        return inputs;
    }

    static Map<String, ModelOutput> outputs(ModelConfig config) {
        Map<String, ModelOutput> outputs = new LinkedHashMap<>();
        config.getOutputList().forEach(output -> outputs.put(output.getName(), output));
        return outputs;
    }

    static Map<String, String> parameters(ModelConfig config) {
        Map<String, String> values = new LinkedHashMap<>();
        config.getParametersMap().forEach((key, parameter) -> values.put(key, parameter.getStringValue()));
        return values;
    }

    /** The config.pbtxt type of a KServe v2 wire datatype: BYTES is TYPE_STRING, the others keep their name. */
    static DataType configType(String wireDatatype) {
        return DataType.valueOf(wireDatatype.equals("BYTES") ? "TYPE_STRING" : "TYPE_" + wireDatatype);
    }
}
