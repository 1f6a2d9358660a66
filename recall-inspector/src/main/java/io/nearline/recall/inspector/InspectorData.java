package io.nearline.recall.inspector;

import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.cache.RecallLookup;
import io.nearline.recall.cache.RecallReader;
import io.nearline.recall.cache.trace.StoreOutcome;
import io.nearline.recall.cache.trace.TraceReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the pages read, and only read: the trace store, the recall store and the catalogue. */
final class InspectorData implements AutoCloseable {

    /** Users the aggregates page reads traces of at most, the most recently traced. */
    static final int AGGREGATE_USERS = 5_000;

    private final TraceReader traces;
    private final RecallReader recalls;
    private final CatalogueView catalogue;

    InspectorData(TraceReader traces, RecallReader recalls, CatalogueView catalogue) {
        this.traces = traces;
        this.recalls = recalls;
        this.catalogue = catalogue;
    }

    List<TraceReader.TracedUser> recentUsers(int limit) {
        return traces.users(limit);
    }

    long userCount() {
        return traces.userCount();
    }

    TraceReader.UserTraces traces(String userId) {
        return traces.traces(userId);
    }

    long traceCount(String userId) {
        return traces.count(userId);
    }

    Map<String, StoreOutcome> outcomes(String userId) {
        return traces.outcomes(userId);
    }

    RecallLookup recall(String userId) {
        return recalls.read(userId);
    }

    /** Every recently traced user's traces, newest first each. */
    List<List<RecallTrace>> recentTraces() {
        List<List<RecallTrace>> byUser = new ArrayList<>();
        for (TraceReader.TracedUser user : traces.users(AGGREGATE_USERS)) {
            byUser.add(traces.traces(user.userId()).traces());
        }
        return byUser;
    }

    Optional<MarketingObject> object(String objectId) {
        return catalogue.object(objectId);
    }

    /** The object's text as one line (title first), or empty when the catalogue does not know it. */
    String objectText(String objectId) {
        return catalogue.object(objectId).map(o -> {
            Map<String, String> text = o.getText();
            String title = text.getOrDefault("title", "");
            String rest = text.entrySet().stream().filter(e -> !e.getKey().equals("title"))
                    .map(e -> e.getKey() + ": " + e.getValue()).sorted().collect(Collectors.joining(", "));
            return title.isEmpty() ? rest : rest.isEmpty() ? title : title + " (" + rest + ")";
        }).orElse("");
    }

    /** The object's attributes and delivery status as one line, or empty. */
    String objectAttributes(String objectId) {
        return catalogue.object(objectId).map(o -> o.getAttributes().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).sorted()
                .collect(Collectors.joining(", ", "", (o.getAttributes().isEmpty() ? "" : "; ") + o.getStatus())))
                .orElse("");
    }

    int catalogueSize() {
        return catalogue.size();
    }

    @Override
    public void close() throws Exception {
        catalogue.close();
        recalls.close();
        traces.close();
    }
}
