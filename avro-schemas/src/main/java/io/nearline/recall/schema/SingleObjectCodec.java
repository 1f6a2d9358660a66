package io.nearline.recall.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
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

    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private SingleObjectCodec(Schema schema, List<Schema> history) {
        this.schema = schema;
        SpecificData model = SpecificData.getForSchema(schema);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        for (Schema older : history) {
            decoder.addSchema(older);
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

    public Decoded<T> decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Decoded.failure(DecodeFailure.BAD_BYTES, "empty record value");
        }
        try {
            return Decoded.success(decoder.decode(bytes));
        } catch (MissingSchemaException e) {
            return Decoded.failure(DecodeFailure.UNKNOWN_SCHEMA,
                    "writer schema fingerprint not known to " + schema.getFullName() + ": " + e.getMessage());
        } catch (BadHeaderException e) {
            return Decoded.failure(DecodeFailure.BAD_BYTES, "not Avro single-object encoding: " + e.getMessage());
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
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
