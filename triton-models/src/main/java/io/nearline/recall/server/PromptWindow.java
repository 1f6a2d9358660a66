package io.nearline.recall.server;

import io.nearline.recall.llm.LlamaCheckpoint;

/**
 * The part of a prompt's tokens the recall LLM reads: at most its positions less one per code level (room for the
 * ID it generates) and, when the checkpoint says so, at most the prompt length it was trained on. Shared by the
 * plain-Java and the ONNX Runtime model so both read the same tokens.
 */
final class PromptWindow {

    private PromptWindow() {}

    /** Prompt tokens the checkpoint has room for. */
    static int room(LlamaCheckpoint checkpoint) {
        int room = checkpoint.config().maxPositions() - checkpoint.levels();
        if (checkpoint.config().maxPromptTokens() > 0) {
            room = Math.min(room, checkpoint.config().maxPromptTokens());
        }
        return room;
    }

    /**
     * {@code tokens} itself when it fits, else {@code <bos>} and the newest tokens, as training and the Python
     * scorer cut; a cut prompt has no stable frozen prefix (the window slides with every new behaviour).
     */
    static int[] cut(LlamaCheckpoint checkpoint, int[] tokens) {
        int room = room(checkpoint);
        if (tokens.length <= room) {
            return tokens;
        }
        int[] kept = new int[room];
        kept[0] = tokens[0];
        System.arraycopy(tokens, tokens.length - room + 1, kept, 1, room - 1);
        return kept;
    }

    /** Tokens of the frozen prefix: {@code <bos>}, then those of the prompt before its recent part. */
    static int frozenTokens(LlamaCheckpoint checkpoint, FrozenPrefix prefix, String prompt) {
        // pieces never span a line break, so the prefix's tokens start encode(prompt)
        return 1 + checkpoint.tokenizer().count(prompt.substring(0, prefix.end(prompt)));
    }
}
