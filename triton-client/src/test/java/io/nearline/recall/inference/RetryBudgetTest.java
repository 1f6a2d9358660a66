package io.nearline.recall.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    @Test
    void theBurstIsAvailableAtStartAndThenRetriesAreRefused() {
        RetryBudget budget = new RetryBudget(0.1, 3);
        assertTrue(budget.tryRetry());
        assertTrue(budget.tryRetry());
        assertTrue(budget.tryRetry());
        assertFalse(budget.tryRetry());
    }

    @Test
    void duringAnOutageRetriesStayAtTheRatioOfCalls() {
        RetryBudget budget = new RetryBudget(0.1, 5);
        int retries = 0;
        for (int call = 0; call < 10_000; call++) {
            budget.onCall();
            // every call fails and would be retried twice (max-attempts 3)
            for (int retry = 0; retry < 2; retry++) {
                if (budget.tryRetry()) {
                    retries++;
                }
            }
        }
        // a tenth of 10,000 calls plus the initial burst (less the refill lost while the bucket was full)
        assertTrue(retries >= 1000 && retries <= 1005, "retries " + retries);
    }

    @Test
    void tokensNeverExceedTheBurst() {
        RetryBudget budget = new RetryBudget(0.5, 2);
        for (int call = 0; call < 100; call++) {
            budget.onCall();
        }
        assertEquals(2, budget.available());
    }

    @Test
    void concurrentRetriersNeverSpendMoreThanTheBucketHolds() throws Exception {
        RetryBudget budget = new RetryBudget(0, 100);
        AtomicInteger granted = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    if (budget.tryRetry()) {
                        granted.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(100, granted.get());
    }

    @Test
    void aZeroRatioAndZeroBurstMeansNoRetries() {
        RetryBudget budget = new RetryBudget(0, 0);
        budget.onCall();
        assertFalse(budget.tryRetry());
    }
}
