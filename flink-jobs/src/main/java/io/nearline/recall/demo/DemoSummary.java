package io.nearline.recall.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The figures a demo run ends with, printed and written as a flat JSON object. */
public final class DemoSummary {

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

    public String toJson() {
        StringBuilder json = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> entry : figures.entrySet()) {
            json.append("  \"").append(escape(entry.getKey())).append("\": ");
            Object value = entry.getValue();
            if (value instanceof Number || value instanceof Boolean) {
                json.append(value);
            } else {
                json.append('"').append(escape(String.valueOf(value))).append('"');
            }
            json.append(++i < figures.size() ? ",\n" : "\n");
        }
        return json.append("}\n").toString();
    }

    public void writeJson(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, toJson(), StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
