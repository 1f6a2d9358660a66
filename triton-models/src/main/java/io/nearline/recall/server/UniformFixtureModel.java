package io.nearline.recall.server;

/**
 * TEST FIXTURE, not a learned model: equal logits for every code, so a search costs only the trie
 * walk; used to measure the protocol and client overhead without model work.
 */
public final class UniformFixtureModel implements GenerativeRecallModel {

    private final int codesPerPosition;

    public UniformFixtureModel(int codesPerPosition) {
        this.codesPerPosition = codesPerPosition;
    }

    @Override
    public String name() {
        return "uniform-fixture";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public float[][] nextCodeLogits(ModelContext context, int[][] prefixes, int count, int position) {
        return new float[count][codesPerPosition];
    }
}
