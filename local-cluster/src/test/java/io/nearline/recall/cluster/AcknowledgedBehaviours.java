package io.nearline.recall.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The producer's log of every behaviour the broker acknowledged: user, event id, event time; per user, in order. */
record AcknowledgedBehaviours(Map<String, Map<String, Long>> byUser, long total) {

    static AcknowledgedBehaviours read(Path file) throws IOException {
        Map<String, Map<String, Long>> byUser = new LinkedHashMap<>();
        long total = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t");
            if (fields.length == 3) {
                byUser.computeIfAbsent(fields[0], user -> new LinkedHashMap<>()).put(fields[1], Long.parseLong(fields[2]));
                total++;
            }
        }
        return new AcknowledgedBehaviours(byUser, total);
    }

    static long count(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }
}
