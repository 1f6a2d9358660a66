package io.nearline.recall.behaviour;

import java.nio.file.Path;

/** A dataset file that does not follow its format: names the file, the 1-based line and the reason. */
public final class MalformedLogException extends RuntimeException {

    private final Path file;
    private final long line;
    private final String reason;

    public MalformedLogException(Path file, long line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem concerns the file as a whole. */
    public long line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
