package io.nearline.recall.fleet;

import io.nearline.recall.server.GenerativeRecallModel;
import io.nearline.recall.server.ModelContext;
import io.nearline.recall.server.UniformFixtureModel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The uniform fixture model, counting the searches it serves (one first-position step per search),
 * and able to fail every search (the server answers INTERNAL) or hold them at a gate.
 */
final class CountingModel implements GenerativeRecallModel {

    private final UniformFixtureModel model;
    private final AtomicLong searches = new AtomicLong();
    private volatile boolean failing;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    CountingModel(int codesPerPosition) {
        this.model = new UniformFixtureModel(codesPerPosition);
    }

    long searches() {
        return searches.get();
    }

    void failing(boolean value) {
        failing = value;
    }

    /** Holds every search at its first step until the returned latch is opened. */
    CountDownLatch closeGate() {
        CountDownLatch latch = new CountDownLatch(1);
        gate = latch;
        return latch;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public String version() {
        return model.version();
    }

    @Override
    public float[][] nextCodeLogits(ModelContext context, int[][] prefixes, int count, int position) {
        if (position == 0) {
            searches.incrementAndGet();
            try {
                gate.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failing) {
                throw new IllegalStateException("model failure injected by the test");
            }
        }
        return model.nextCodeLogits(context, prefixes, count, position);
    }
}
