package io.nearline.recall.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.nearline.recall.testing.EmbeddedRedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import redis.clients.jedis.JedisPooled;

/** The global counter against a real redis-server. */
class CounterTicketsTest {

    private static EmbeddedRedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static FleetOptions.Builder counter(int port, String key) {
        return FleetOptions.builder().balancing(FleetOptions.Balancing.GLOBAL_COUNTER)
                .redis(io.nearline.recall.cache.RedisConnection.of("127.0.0.1", port)).redisKey(key).redisTimeout(Duration.ofMillis(500));
    }

    @Test
    void twoClientsSharingTheKeyTogetherGetEveryNumberExactlyOnce(TestInfo test) {
        String key = test.getDisplayName();
        try (CounterTickets first = CounterTickets.redis(counter(redis.port(), key).build());
                CounterTickets second = CounterTickets.redis(counter(redis.port(), key).build())) {
            List<CompletableFuture<Long>> tickets = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                tickets.add(first.next());
                tickets.add(second.next());
            }
            Set<Long> values = tickets.stream().map(CompletableFuture::join).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(LongStream.rangeClosed(1, 2000).boxed().collect(Collectors.toSet()), values);
            assertEquals(0, first.fallbacks() + second.fallbacks());
        }
    }

    @Test
    void aBlockOfNumbersIsReservedPerRoundTripAndStillNoneIsHandedOutTwice(TestInfo test) {
        String key = test.getDisplayName();
        try (CounterTickets first = CounterTickets.redis(counter(redis.port(), key).counterBlock(10).build());
                CounterTickets second = CounterTickets.redis(counter(redis.port(), key).counterBlock(10).build());
                JedisPooled direct = new JedisPooled("127.0.0.1", redis.port())) {
            List<CompletableFuture<Long>> tickets = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                tickets.add(first.next());
                tickets.add(second.next());
            }
            Set<Long> values = tickets.stream().map(CompletableFuture::join).collect(Collectors.toSet());
            assertEquals(LongStream.rangeClosed(1, 100).boxed().collect(Collectors.toSet()), values);
            assertEquals("100", direct.get(key), "ten INCRBY 10, not a hundred INCR");
        }
    }

    @Test
    void withRedisUnreachableCallsFallBackAreCountedAndTheCounterIsUsedAgainWhenItReturns() throws Exception {
        int port = EmbeddedRedisServer.freePort();
        try (CounterTickets tickets = CounterTickets.redis(
                counter(port, "returning").redisRetry(Duration.ofMillis(300)).build())) {
            assertEquals(Balancer.NO_TICKET, tickets.next().join());
            assertEquals(Balancer.NO_TICKET, tickets.next().join());
            assertEquals(2, tickets.fallbacks());

            try (EmbeddedRedisServer restarted = EmbeddedRedisServer.startOn(port)) {
                long ticket = Balancer.NO_TICKET;
                long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (ticket == Balancer.NO_TICKET && System.nanoTime() < giveUp) {
                    ticket = tickets.next().join();
                    Thread.sleep(20);  // polling the retry window; no event announces its end
                }
                assertEquals(1, ticket);
                assertNotEquals(Balancer.NO_TICKET, tickets.next().join());
            }
        }
    }
}
