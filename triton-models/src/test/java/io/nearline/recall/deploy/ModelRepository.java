package io.nearline.recall.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The Triton model repository of this module, read from disk: every model's parsed config.pbtxt by folder name. */
final class ModelRepository {

    static final Path ROOT = Path.of("model-repository");

    final Map<String, ProtoText.Message> configs;

    private ModelRepository(Map<String, ProtoText.Message> configs) {
        this.configs = configs;
    }

    static ModelRepository load() {
        Map<String, ProtoText.Message> configs = new TreeMap<>();
        try (Stream<Path> folders = Files.list(ROOT)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                Path config = folder.resolve("config.pbtxt");
                if (Files.exists(config)) {
                    configs.put(folder.getFileName().toString(),
                            ProtoText.parse(Files.readString(config), config.toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelRepository(configs);
    }

    ProtoText.Message model(String name) {
        ProtoText.Message config = configs.get(name);
        if (config == null) {
            throw new IllegalArgumentException("no model '" + name + "' in " + ROOT + " (have " + configs.keySet() + ")");
        }
        return config;
    }

    /** A model's inputs (or outputs) by tensor name. */
    static Map<String, ProtoText.Message> tensors(ProtoText.Message config, String kind) {
        Map<String, ProtoText.Message> tensors = new LinkedHashMap<>();
        for (ProtoText.Message tensor : config.messages(kind)) {
            tensors.put(tensor.text("name"), tensor);
        }
        return tensors;
    }

    static Map<String, String> parameters(ProtoText.Message config) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ProtoText.Message parameter : config.messages("parameters")) {
            values.put(parameter.text("key"), parameter.message("value").text("string_value"));
        }
        return values;
    }

    /** The config.pbtxt type of a KServe v2 wire datatype: BYTES is TYPE_STRING, the others keep their name. */
    static String configType(String wireDatatype) {
        return wireDatatype.equals("BYTES") ? "TYPE_STRING" : "TYPE_" + wireDatatype;
    }

    static boolean optional(ProtoText.Message tensor) {
        return tensor.text("optional", "false").equals("true");
    }
}
