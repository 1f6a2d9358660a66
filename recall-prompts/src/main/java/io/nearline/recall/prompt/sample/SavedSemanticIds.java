package io.nearline.recall.prompt.sample;

import io.nearline.recall.prompt.SemanticIdLookup;
import io.nearline.recall.semantic.IdAssignments;
import io.nearline.recall.semantic.SemanticId;
import io.nearline.recall.semantic.SemanticIdStore;
import io.nearline.recall.semantic.StoredIds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The semantic IDs the ID builder saved (its latest version), as the prompt renders them in serving too. */
final class SavedSemanticIds implements SemanticIdLookup {

    private final Map<String, SemanticId> ids;
    private final String version;

    private SavedSemanticIds(Map<String, SemanticId> ids, String version) {
        this.ids = ids;
        this.version = version;
    }

    static SavedSemanticIds load(Path directory) throws IOException {
        SemanticIdStore store = new SemanticIdStore(directory);
        int version = store.latestVersion().orElseThrow(() ->
                new IllegalArgumentException("no semantic IDs saved under " + directory));
        StoredIds stored = store.load(version);
        if (stored instanceof StoredIds.Failed failed) {
            throw new IllegalArgumentException("semantic IDs v" + version + " unusable: " + failed.problems());
        }
        IdAssignments assignments = ((StoredIds.Loaded) stored).assignments();
        // the same version string the job's prompts carry, so samples and serving prompts match
        return new SavedSemanticIds(Map.copyOf(assignments.all()), "ids-v" + version);
    }

    @Override
    public Optional<String> render(String objectId) {
        return Optional.ofNullable(ids.get(objectId)).map(SemanticId::render);
    }

    @Override
    public String version() {
        return version;
    }
}
