package io.nearline.recall.semantic;

import java.util.List;

/** What reading a saved codebook and its ID assignments gave: the assignments, or every problem found. */
public sealed interface StoredIds {

    /** The saved codebook with every ID it gave. */
    record Loaded(IdAssignments assignments) implements StoredIds {}

    /** The files could not be used; each problem names the file and line. */
    record Failed(List<String> problems) implements StoredIds {}
}
