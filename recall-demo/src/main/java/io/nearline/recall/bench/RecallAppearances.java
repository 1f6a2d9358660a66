package io.nearline.recall.bench;

import io.nearline.recall.cache.RecallLayout;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * When each recall appears in Redis, from the server's keyspace notifications of its writes (SET), and how long after
 * its own {@code event_time}: the latency an ad server sees, measured on the store rather than in the job. The
 * notification names the key only, so the recall's {@code event_time} is read right after it; a newer recall of
 * the same user written in between would be read instead (users here get one every few seconds, the pipeline
 * answers in well under one).
 */
final class RecallAppearances implements AutoCloseable {

    private final Jedis subscriber;
    private final Jedis reader;
    private final Thread listening;
    private final JedisPubSub listener;
    private final AtomicLong seen = new AtomicLong();
    private volatile long countFromMillis = Long.MAX_VALUE;
    private long[] latencies = new long[1 << 16];
    private int count;

    private RecallAppearances(Jedis subscriber, Jedis reader, String prefix) throws InterruptedException {
        this.subscriber = subscriber;
        this.reader = reader;
        CountDownLatch subscribed = new CountDownLatch(1);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onPSubscribe(String pattern, int subscribedChannels) {
                subscribed.countDown();
            }

            @Override
            public void onPMessage(String pattern, String channel, String event) {
                if (event.equals("set")) {
                    appeared(channel.substring(channel.indexOf(':') + 1), System.currentTimeMillis());
                }
            }
        };
        this.listening = new Thread(() -> subscriber.psubscribe(listener, "__keyspace@0__:" + prefix + "*"),
                "recall-appearances");
        listening.setDaemon(true);
        listening.start();
        if (!subscribed.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no keyspace subscription within 10 s");
        }
        this.listener = listener;
    }

    /** Subscribes to the notifications of string writes to keys under {@code prefix} (and turns them on). */
    static RecallAppearances watch(String host, int port, String prefix) throws InterruptedException {
        Jedis reader = new Jedis(host, port);
        reader.configSet("notify-keyspace-events", "K$");
        return new RecallAppearances(new Jedis(host, port), reader, prefix);
    }

    /** Latencies count only for recalls reflecting behaviours from this time on (the warm-up's are left out). */
    void countFrom(long epochMillis) {
        countFromMillis = epochMillis;
    }

    private void appeared(String key, long nowMillis) {
        seen.incrementAndGet();
        long[] version = RecallLayout.version(reader.get(key));
        if (version == null) {
            return;
        }
        long reflected = version[0];
        if (reflected >= countFromMillis) {
            synchronized (this) {
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = nowMillis - reflected;
            }
        }
    }

    /** Every recall write seen, the warm-up's included. */
    long seen() {
        return seen.get();
    }

    /** The measured latencies, sorted. */
    synchronized long[] latenciesMillis() {
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        return sorted;
    }

    @Override
    public void close() throws InterruptedException {
        listener.punsubscribe();
        listening.join(5000);
        subscriber.close();
        reader.close();
    }
}
