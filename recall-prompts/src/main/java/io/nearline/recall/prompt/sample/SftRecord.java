package io.nearline.recall.prompt.sample;

/** One supervised fine-tuning sample: the serving prompt before a response and the response's semantic ID. */
public record SftRecord(String type, String source, String userId, String eventId, long eventTime, String prompt,
        String response, String responseObjectId, String responseAction, int promptTokens, String promptVersion,
        String dictionaryVersion, String semanticIdVersion) {
}
