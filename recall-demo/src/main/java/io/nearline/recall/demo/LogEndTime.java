package io.nearline.recall.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The generator log's last event time, which {@link ClusterInit} and {@link ClusterProducer} must share so that they
 * open the same log: given on both command lines (the local cluster), or chosen by the init and left in a file
 * beside the model for the producer to read (compose, where no shell computes it once for both).
 */
final class LogEndTime {

    static final String FILE_NAME = "log-end-time";

    private LogEndTime() {}

    /** The time given, or now when none was (0), written under {@code directory} either way. */
    static long chooseAndRecord(long given, Path directory) throws IOException {
        long endTime = given > 0 ? given : System.currentTimeMillis() / 1000 * 1000;
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(FILE_NAME), Long.toString(endTime) + "\n", StandardCharsets.UTF_8);
        return endTime;
    }

    /** Exactly one of a time given and a file written by the init. */
    static long resolve(long given, Path file) throws IOException {
        if ((given > 0) == (file != null)) {
            throw new IllegalArgumentException("give either --end-time or --end-time-file (written by ClusterInit)");
        }
        if (given > 0) {
            return given;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " holds '" + text + "', not a time in epoch milliseconds", e);
        }
    }
}
