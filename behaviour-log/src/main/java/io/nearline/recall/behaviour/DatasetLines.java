package io.nearline.recall.behaviour;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/** Line-by-line reading of dataset files, turning every format problem into a {@link MalformedLogException}. */
final class DatasetLines {

    private DatasetLines() {
    }

    interface LineHandler {
        void accept(long line, String text);
    }

    /** Calls the handler for each non-blank line with its 1-based number. */
    static void forEach(Path file, Charset charset, LineHandler handler) {
        if (!Files.isRegularFile(file)) {
            throw new MalformedLogException(file, 0, "file is missing");
        }
        try (BufferedReader reader = Files.newBufferedReader(file, charset)) {
            long number = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                number++;
                if (!text.isBlank()) {
                    handler.accept(number, text);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static int parseInt(Path file, long line, String field, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new MalformedLogException(file, line, field + " is not an integer: '" + value + "'");
        }
    }

    static long parseLong(Path file, long line, String field, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new MalformedLogException(file, line, field + " is not an integer: '" + value + "'");
        }
    }
}
