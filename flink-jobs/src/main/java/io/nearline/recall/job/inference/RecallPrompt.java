package io.nearline.recall.job.inference;

import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.job.user.SequenceEntry;
import io.nearline.recall.semantic.LiveCatalogue;
import java.util.TreeMap;

/**
 * The prompt sent for a recall request: the request's own prompt when the job built one, otherwise a
 * plain rendering of the profile and the user's ad behaviours as semantic IDs in time order.
 */
final class RecallPrompt {

    static final String FALLBACK_VERSION = "recent-items-1";

    private final LiveCatalogue catalogue;

    RecallPrompt(LiveCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    String version() {
        return FALLBACK_VERSION;
    }

    String render(RecallRequest request) {
        StringBuilder text = new StringBuilder("User profile:");
        new TreeMap<>(request.profileAttributes).forEach((key, value) -> text.append(' ').append(key).append('=').append(value));
        text.append("\nThe user engaged, in time order, with:");
        for (SequenceEntry entry : request.behaviours) {
            if ("AD".equals(entry.domain) && !"IMPRESSION".equals(entry.action)) {
                catalogue.idOf(entry.objectId).ifPresent(id -> text.append(' ').append(id.render()));
            }
        }
        return text.append("\nPredict the marketing object the user engages with next:").toString();
    }
}
