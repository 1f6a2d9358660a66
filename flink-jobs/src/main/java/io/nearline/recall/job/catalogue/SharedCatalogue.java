package io.nearline.recall.job.catalogue;

import io.nearline.recall.semantic.CatalogueTopicFollower;
import io.nearline.recall.semantic.CodebookVectors;
import io.nearline.recall.semantic.IdAssignments;
import io.nearline.recall.semantic.LiveCatalogue;
import io.nearline.recall.semantic.SemanticIdStore;
import io.nearline.recall.semantic.StoredIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One live catalogue per task manager JVM and source, shared by every operator instance that needs
 * it (prompt rendering, resolving generated IDs): loaded from the saved semantic IDs, then kept in
 * step with the compacted catalogue topic. Reference counted: the last {@link Lease#close} stops it.
 */
public final class SharedCatalogue {

    private static final Map<CatalogueSource, Entry> OPEN = new HashMap<>();
    private static final Duration INITIAL_LOAD = Duration.ofSeconds(60);

    private SharedCatalogue() {}

    /** A handle on the shared catalogue of {@code source}. */
    public interface Lease extends AutoCloseable {
        LiveCatalogue catalogue();

        /** The saved IDs' version, e.g. {@code ids-v1}: prompts record it, and re-render when it changes. */
        String version();

        @Override
        void close();
    }

    public static Lease open(CatalogueSource source) {
        return open(source, INITIAL_LOAD);
    }

    /** As {@link #open(CatalogueSource)}, failing when the topic is not loaded within {@code initialLoad}. */
    static synchronized Lease open(CatalogueSource source, Duration initialLoad) {
        Entry entry = OPEN.get(source);
        if (entry == null) {
            entry = load(source, initialLoad);
            OPEN.put(source, entry);
        }
        entry.users++;
        Entry leased = entry;
        return new Lease() {
            private boolean closed;

            @Override
            public LiveCatalogue catalogue() {
                return leased.catalogue;
            }

            @Override
            public String version() {
                return leased.version;
            }

            @Override
            public void close() {
                synchronized (SharedCatalogue.class) {
                    if (!closed) {
                        closed = true;
                        release(source, leased);
                    }
                }
            }
        };
    }

    private static Entry load(CatalogueSource source, Duration initialLoad) {
        try {
            SemanticIdStore store = new SemanticIdStore(Path.of(source.idsDirectory()));
            int version = store.latestVersion().orElseThrow(() ->
                    new IllegalStateException("no semantic IDs saved under " + source.idsDirectory()));
            StoredIds stored = store.load(version);
            if (stored instanceof StoredIds.Failed failed) {
                throw new IllegalStateException("semantic IDs v" + version + " unusable: " + failed.problems());
            }
            IdAssignments assignments = ((StoredIds.Loaded) stored).assignments();
            LiveCatalogue catalogue = new LiveCatalogue(assignments, CodebookVectors.forCodebook(assignments.codebook()));
            CatalogueTopicFollower follower = null;
            if (!source.topic().isEmpty()) {
                follower = CatalogueTopicFollower.start(catalogue, source.bootstrapServers(), source.topic(),
                        source.clientSettings());
                if (!follower.awaitCaughtUp(initialLoad)) {
                    // stop its consumer: nothing else holds it, and it would keep retrying the brokers
                    follower.close();
                    throw new IllegalStateException("catalogue topic " + source.topic() + " not loaded within "
                            + initialLoad + " (unreachable, or kafka.properties.* wrong for the cluster?)");
                }
            }
            return new Entry(catalogue, follower, "ids-v" + version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the catalogue", e);
        }
    }

    private static void release(CatalogueSource source, Entry entry) {
        if (--entry.users > 0) {
            return;
        }
        OPEN.remove(source);
        if (entry.follower != null) {
            try {
                entry.follower.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Entry {
        final LiveCatalogue catalogue;
        final CatalogueTopicFollower follower;
        final String version;
        int users;

        Entry(LiveCatalogue catalogue, CatalogueTopicFollower follower, String version) {
            this.catalogue = catalogue;
            this.follower = follower;
            this.version = version;
        }
    }
}
