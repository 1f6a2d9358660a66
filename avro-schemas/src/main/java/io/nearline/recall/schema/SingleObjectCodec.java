package io.nearline.recall.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes records with Avro's single-object encoding (magic bytes, the writer schema's fingerprint,
 * then the binary body) and decodes records written with the current schema or any schema of the
 * type's history, so a reader always knows which schema wrote a message.
 *
 * <p>Decoding never throws for bad data: it returns a {@link Decoded} that says why it failed.
 */
public final class SingleObjectCodec<T extends SpecificRecord> {

    /** Single-object encoding: the magic bytes C3 01, the 8-byte little-endian fingerprint, then the body. */
    private static final int HEADER_BYTES = 10;

    private final Schema schema;
    private final Map<Long, Schema> writers = new HashMap<>();
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private SingleObjectCodec(Schema schema, List<Schema> history) {
        this.schema = schema;
        SpecificData model = SpecificData.getForSchema(schema);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        writers.put(SchemaNormalization.parsingFingerprint64(schema), schema);
        for (Schema older : history) {
            decoder.addSchema(older);
            writers.put(SchemaNormalization.parsingFingerprint64(older), older);
        }
    }

    /** A codec for a generated record class, knowing every historical writer schema of it. */
    public static <T extends SpecificRecord> SingleObjectCodec<T> forSchema(Schema schema) {
        return new SingleObjectCodec<>(schema, SchemaHistory.olderVersionsOf(schema.getFullName()));
    }

    public Schema schema() {
        return schema;
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory cannot fail", e);
        }
    }

    /**
     * Decodes one record. The body is first checked against its writer schema (declared lengths and
     * counts against the bytes left, indexes, UTF-8, no trailing bytes) so that no record can make the
     * decoder allocate more than it holds; whatever Avro still throws is a failure, never an exception.
     */
    public Decoded<T> decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Decoded.failure(DecodeFailure.BAD_BYTES, "empty record value");
        }
        if (bytes.length < HEADER_BYTES || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
            return Decoded.failure(DecodeFailure.BAD_BYTES, "not Avro single-object encoding ("
                    + bytes.length + " bytes, no C3 01 header)");
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema writer = writers.get(fingerprint);
        if (writer == null) {
            return Decoded.failure(DecodeFailure.UNKNOWN_SCHEMA, "writer schema fingerprint "
                    + Long.toHexString(fingerprint) + " not known to " + schema.getFullName());
        }
        BodyCheck.Problem problem = BodyCheck.check(writer, bytes, HEADER_BYTES);
        if (problem != null) {
            return Decoded.failure(problem.badText() ? DecodeFailure.BAD_TEXT : DecodeFailure.BAD_BYTES,
                    "malformed " + writer.getName() + " body: " + problem.detail());
        }
        try {
            return Decoded.success(decoder.decode(bytes));
        } catch (MissingSchemaException e) {
            return Decoded.failure(DecodeFailure.UNKNOWN_SCHEMA,
                    "writer schema fingerprint not known to " + schema.getFullName() + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return Decoded.failure(DecodeFailure.BAD_BYTES, "cannot decode body: " + e);
        }
    }

    static String readResource(String name) {
        try (InputStream in = SingleObjectCodec.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
