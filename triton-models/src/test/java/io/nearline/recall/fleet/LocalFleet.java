package io.nearline.recall.fleet;

import io.nearline.recall.server.CodeTrie;
import io.nearline.recall.server.FixtureSemanticIds;
import io.nearline.recall.server.LocalInferenceServer;
import io.nearline.recall.server.LocalServerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Local inference servers on loopback, each with its own {@link CountingModel}; a server can be
 * killed and restarted on the same port, as a Triton pod restarting behind a fixed address.
 */
final class LocalFleet implements AutoCloseable {

    static final int CODES = 16;
    static final CodeTrie TRIE = CodeTrie.of(FixtureSemanticIds.generate(1000, 4, CODES, 3));

    private final LocalServerOptions.Builder options;
    private final List<CountingModel> models = new ArrayList<>();
    private final List<LocalInferenceServer> servers = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<Long> servedBefore = new ArrayList<>();

    private LocalFleet(int size, LocalServerOptions.Builder options) {
        this.options = options;
        for (int i = 0; i < size; i++) {
            CountingModel model = new CountingModel(CODES);
            LocalInferenceServer server = LocalInferenceServer.start(options.port(0).build(), model, TRIE);
            models.add(model);
            servers.add(server);
            ports.add(server.port());
            servedBefore.add(0L);
        }
    }

    static LocalFleet start(int size) {
        return new LocalFleet(size, LocalServerOptions.builder().inferenceThreads(1).maxQueuedRequests(1000));
    }

    static LocalFleet start(int size, LocalServerOptions.Builder options) {
        return new LocalFleet(size, options);
    }

    /** host:port of every server, comma-separated, for {@code triton.fleet.targets}. */
    String targets() {
        return ports.stream().map(port -> "localhost:" + port).collect(Collectors.joining(","));
    }

    String target(int server) {
        return "localhost:" + ports.get(server);
    }

    CountingModel model(int server) {
        return models.get(server);
    }

    /** Searches each server has run since it was started first, restarts included. */
    synchronized long[] served() {
        return IntStream.range(0, models.size())
                .mapToLong(i -> servedBefore.get(i) + models.get(i).searches()).toArray();
    }

    /** Per-server searches between two {@link #served()} readings, keyed by target. */
    Map<String, Long> difference(long[] before, long[] after) {
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < before.length; i++) {
            counts.put(target(i), after[i] - before[i]);
        }
        return counts;
    }

    synchronized void kill(int server) {
        servers.get(server).close();
    }

    synchronized void restart(int server) {
        servedBefore.set(server, servedBefore.get(server) + models.get(server).searches());
        CountingModel fresh = new CountingModel(CODES);
        models.set(server, fresh);
        servers.set(server, LocalInferenceServer.start(options.port(ports.get(server)).build(), fresh, TRIE));
    }

    @Override
    public synchronized void close() {
        servers.forEach(LocalInferenceServer::close);
    }
}
