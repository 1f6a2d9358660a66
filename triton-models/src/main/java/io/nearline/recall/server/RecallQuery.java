package io.nearline.recall.server;

/**
 * The parts of a ModelInfer request the local server acts on, already validated; {@code priority} is the
 * schedule-policy level its search waits at (0: none given).
 */
record RecallQuery(String prompt, int beamWidth, int returnedSequences, int maxTokens,
        boolean wantsText, boolean wantsScores, int priority) {}
