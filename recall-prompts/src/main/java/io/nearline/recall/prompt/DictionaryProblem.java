package io.nearline.recall.prompt;

/** A line of a dictionary file that could not be accepted, with the reason. */
public record DictionaryProblem(String file, int line, String reason) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
