package io.nearline.recall.prompt.sample;

/**
 * One preference pair for DPO: the same prompt as an SFT sample, a high-eCPM object the user engaged with after it
 * (chosen) and a low-eCPM one (rejected).
 */
public record DpoRecord(String type, String source, String userId, String eventId, String prompt, String chosen,
        String rejected, String chosenObjectId, String rejectedObjectId, double chosenEcpm, double rejectedEcpm,
        int promptTokens, String promptVersion, String dictionaryVersion, String semanticIdVersion) {
}
