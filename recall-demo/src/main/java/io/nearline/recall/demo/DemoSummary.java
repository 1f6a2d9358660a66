package io.nearline.recall.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The figures a demo run ends with, printed and written as a flat JSON object. */
public final class DemoSummary {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> figures = new LinkedHashMap<>();

    public DemoSummary put(String name, Object value) {
        figures.put(name, value);
        return this;
    }

    public Map<String, Object> figures() {
        return figures;
    }

    public String toText() {
        StringBuilder text = new StringBuilder("== demo summary ==\n");
        figures.forEach((name, value) -> text.append(String.format("%-28s %s%n", name, value)));
        return text.toString();
    }

    /** The figures as one JSON object, in the order they were put (lists as arrays). */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a demo figure that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The figures of a summary written by {@link #writeJson} (numbers as Java numbers, lists as lists). */
    public static Map<String, Object> readJson(Path path) throws IOException {
        return JSON.readValue(path.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    public void writeJson(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, toJson(), StandardCharsets.UTF_8);
    }
}
