package io.nearline.recall.job.sink;

import io.nearline.recall.avro.DeadLetter;
import java.nio.ByteBuffer;

/**
 * Keeps a dead letter small enough for any producer: the payload cut to a limit (its full size kept in
 * {@code payloadSize}), the detail to {@value #MAX_DETAIL_CHARS} characters. A record too large for the
 * dead-letter topic would otherwise fail the sink and restart the job on it forever.
 */
public final class DeadLetterBounds {

    /** Details are messages for people; the first part says what matters. */
    public static final int MAX_DETAIL_CHARS = 2_000;

    private DeadLetterBounds() {}

    /** The payload of a rejected record, cut to {@code maxPayloadBytes}; null counts as empty. */
    public static ByteBuffer payload(byte[] value, int maxPayloadBytes) {
        byte[] bytes = value == null ? new byte[0] : value;
        return ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, Math.max(0, maxPayloadBytes))).slice();
    }

    public static String detail(String detail) {
        if (detail == null) {
            return "";
        }
        return detail.length() <= MAX_DETAIL_CHARS ? detail
                : detail.substring(0, MAX_DETAIL_CHARS) + "... (" + detail.length() + " characters)";
    }

    /** The same letter within the bounds; unchanged when it already is. */
    public static DeadLetter bounded(DeadLetter letter, int maxPayloadBytes) {
        ByteBuffer payload = letter.getPayload();
        int size = payload == null ? 0 : payload.remaining();
        String detail = detail(letter.getDetail());
        if (size <= maxPayloadBytes && detail.equals(letter.getDetail())) {
            return letter;
        }
        byte[] bytes = new byte[size];
        if (payload != null) {
            payload.duplicate().get(bytes);
        }
        return DeadLetter.newBuilder(letter)
                .setPayload(payload(bytes, maxPayloadBytes))
                .setPayloadSize(letter.getPayloadSize() >= 0 ? letter.getPayloadSize() : size)
                .setDetail(detail)
                .build();
    }
}
