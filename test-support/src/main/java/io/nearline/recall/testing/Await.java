package io.nearline.recall.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition of a running job, polling, and fails with what was awaited once the time is up. */
public final class Await {

    private Await() {}

    /** Polls {@code condition} every {@code poll} until it holds; after {@code timeout} fails naming {@code what}. */
    public static void until(BooleanSupplier condition, Supplier<String> what, Duration timeout, Duration poll)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            Thread.sleep(poll.toMillis());
        }
    }
}
