package io.nearline.recall.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Polls every stored recall's version (event time, then generated time, read by the store's own layout) and notes
 * any that goes
 * back while the key exists, as a fault test asserts none does; a key that vanished starts its history anew, and so
 * does every key when the server itself changed (its run_id): a restarted Redis is empty, and a sink may refill it
 * with held-back recalls older than those the killed one held before a poll could see it empty. It also keeps
 * every key it ever saw, so a test can tell a recall that was stored and later lost.
 */
public final class RecallVersionWatch implements AutoCloseable {

    private final JedisPooled redis;
    private final String keyPattern;
    private final Function<String, long[]> versionOfValue;
    private final Map<String, long[]> seen = new ConcurrentHashMap<>();
    private final Set<String> everSeen = ConcurrentHashMap.newKeySet();
    private final List<String> backwards = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile long observations;
    private String serverRunId;
    private Thread thread;

    /**
     * Watches the string values matching {@code keyPattern} (a KEYS pattern) on the Redis at host:port;
     * {@code versionOfValue} gives a value's event and generated times, or null when it holds none.
     */
    public RecallVersionWatch(String host, int port, String keyPattern, Function<String, long[]> versionOfValue) {
        this.redis = new JedisPooled(new HostAndPort(host, port),
                DefaultJedisClientConfig.builder().socketTimeoutMillis(300).connectionTimeoutMillis(300).build());
        this.keyPattern = keyPattern;
        this.versionOfValue = versionOfValue;
    }

    public RecallVersionWatch start() {
        running = true;
        thread = new Thread(this::watch, "recall-version-watch");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Stops polling after one last look. */
    public void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(5000);
            thread = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        redis.close();
    }

    private void watch() {
        while (running) {
            poll();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
        poll();
    }

    /** One look at every key now; a Redis that is frozen or down shows nothing. */
    private void poll() {
        try {
            String runId = runId();
            if (!runId.equals(serverRunId)) {
                seen.clear();
                serverRunId = runId;
            }
            Map<String, long[]> now = new HashMap<>();
            for (String key : redis.keys(keyPattern)) {
                long[] version = versionOfValue.apply(redis.get(key));
                if (version != null) {
                    now.put(key, version);
                }
            }
            seen.keySet().retainAll(now.keySet());
            now.forEach((key, version) -> {
                long[] before = seen.put(key, version);
                if (before != null && (version[0] < before[0] || (version[0] == before[0] && version[1] < before[1]))) {
                    backwards.add(key + " from " + before[0] + "/" + before[1] + " to " + version[0] + "/" + version[1]);
                }
            });
            everSeen.addAll(now.keySet());
            observations += now.size();
        } catch (RuntimeException e) {
            // Redis is frozen or down: nothing to observe now
        }
    }

    private String runId() {
        Object reply = redis.sendCommand(Protocol.Command.INFO, "server");
        for (String line : SafeEncoder.encode((byte[]) reply).split("\r?\n")) {
            if (line.startsWith("run_id:")) {
                return line.substring("run_id:".length()).trim();
            }
        }
        throw new IllegalStateException("INFO server names no run_id");
    }

    /** Key versions seen, summed over every poll. */
    public long observations() {
        return observations;
    }

    /** Each key whose version went back, and from what to what. */
    public List<String> backwards() {
        return backwards;
    }

    /** Every key seen at least once. */
    public Set<String> everSeen() {
        return Set.copyOf(everSeen);
    }

    /** The keys held at the last poll with their versions (event time, generated time). */
    public Map<String, long[]> current() {
        return Map.copyOf(seen);
    }
}
