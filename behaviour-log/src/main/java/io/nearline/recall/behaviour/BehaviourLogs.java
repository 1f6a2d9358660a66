package io.nearline.recall.behaviour;

import io.nearline.recall.avro.BehaviourEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/** Opens behaviour logs by source name and derives per-user sequences from them. */
public final class BehaviourLogs {

    /** The source name that selects the built-in generator. */
    public static final String GENERATOR = "generator";

    private BehaviourLogs() {
    }

    /**
     * Opens a behaviour log.
     *
     * @param source {@code "generator"}, or a path: a directory holding {@code u.data} (MovieLens-100K), or a file
     *               named {@code Beauty.txt} or a directory holding one (Amazon Beauty 5-core)
     * @throws IllegalArgumentException if the source is none of these
     * @throws MalformedLogException    if a dataset file breaks its format (names file, line and reason)
     */
    public static BehaviourLog open(String source, BehaviourLogOptions options) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        if (source.equals(GENERATOR)) {
            return new BehaviourGenerator(options);
        }
        Path path = Path.of(source);
        if (MovieLensReader.isDataset(path)) {
            return MovieLensReader.read(path, options);
        }
        Path beauty = AmazonBeautyReader.locate(path);
        if (beauty != null) {
            return AmazonBeautyReader.read(beauty, options);
        }
        String why = Files.exists(path) ? "holds neither u.data (MovieLens-100K) nor " + AmazonBeautyReader.FILE_NAME
                + " (Amazon Beauty 5-core)" : "does not exist";
        throw new IllegalArgumentException("behaviour log source '" + source + "' " + why
                + "; use \"" + GENERATOR + "\" or a dataset path");
    }

    /**
     * Per userId, the objectIds of the kept events in time order; users in order of their first kept event. Used
     * for co-occurrence vectors of semantic IDs and for model training and evaluation.
     */
    public static Map<String, List<String>> sequences(BehaviourLog log, Predicate<BehaviourEvent> keep) {
        Map<String, List<String>> sequences = new LinkedHashMap<>();
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
            BehaviourEvent event = it.next();
            if (keep.test(event)) {
                sequences.computeIfAbsent(event.getUserId(), u -> new ArrayList<>()).add(event.getObjectId());
            }
        }
        return sequences;
    }
}
