package io.nearline.recall.server;

/** The parts of a ModelInfer request the local server acts on, already validated. */
record RecallQuery(String prompt, int beamWidth, int returnedSequences, int maxTokens,
        boolean wantsText, boolean wantsScores) {}
