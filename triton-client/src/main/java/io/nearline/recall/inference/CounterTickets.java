package io.nearline.recall.inference;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Balancing tickets for calls in global-counter mode, asked off the caller's thread (Redis is a
 * blocking round trip). When Redis fails, calls fall back to least outstanding for a while and
 * each such call is counted.
 */
final class CounterTickets implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CounterTickets.class);

    private final LongSupplier counter;
    private final AutoCloseable closer;
    private final ExecutorService askers;
    private final long retryNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong skipRedisUntil;
    private final LongAdder fallbacks = new LongAdder();

    CounterTickets(LongSupplier counter, AutoCloseable closer, int threads, long retryNanos, LongSupplier nanoClock) {
        this.counter = counter;
        this.closer = closer;
        this.retryNanos = retryNanos;
        this.nanoClock = nanoClock;
        this.skipRedisUntil = new AtomicLong(nanoClock.getAsLong());
        AtomicInteger number = new AtomicInteger();
        this.askers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "triton-fleet-counter-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    static CounterTickets redis(FleetOptions fleet) {
        RedisRequestCounter counter = new RedisRequestCounter(fleet);
        return new CounterTickets(counter::next, counter, fleet.redisConnections(),
                fleet.redisRetry().toNanos(), System::nanoTime);
    }

    /** The call's counter value, or {@link Balancer#NO_TICKET} when falling back. Never fails. */
    CompletableFuture<Long> next() {
        if (nanoClock.getAsLong() - skipRedisUntil.get() < 0) {
            fallbacks.increment();
            return CompletableFuture.completedFuture(Balancer.NO_TICKET);
        }
        try {
            return CompletableFuture.supplyAsync(this::ask, askers);
        } catch (RejectedExecutionException closed) {
            fallbacks.increment();
            return CompletableFuture.completedFuture(Balancer.NO_TICKET);
        }
    }

    private long ask() {
        if (nanoClock.getAsLong() - skipRedisUntil.get() < 0) {
            fallbacks.increment();  // queued behind a call that found Redis gone
            return Balancer.NO_TICKET;
        }
        try {
            return counter.getAsLong();
        } catch (JedisException e) {
            long now = nanoClock.getAsLong();
            if (now - skipRedisUntil.getAndSet(now + retryNanos) >= 0) {
                LOG.warn("request counter unreachable, balancing by least outstanding for {} ms: {}",
                        retryNanos / 1_000_000, e.toString());
            }
            fallbacks.increment();
            return Balancer.NO_TICKET;
        }
    }

    /** Calls balanced by least outstanding because the counter was unreachable. */
    long fallbacks() {
        return fallbacks.sum();
    }

    @Override
    public void close() {
        askers.shutdownNow();
        try {
            closer.close();
        } catch (Exception e) {
            LOG.warn("closing the request counter failed", e);
        }
    }
}
