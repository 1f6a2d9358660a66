package io.nearline.recall.schema;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Older versions of the event schemas, kept under {@code schema-history/} so that records written
 * by producers that have not upgraded yet stay readable. Listed in {@code schema-history/index.txt}.
 */
public final class SchemaHistory {

    private static final String FOLDER = "/schema-history/";

    private SchemaHistory() {}

    /** Every historical schema of a record type, by its full name. */
    public static List<Schema> olderVersionsOf(String fullName) {
        List<Schema> result = new ArrayList<>();
        for (Schema schema : all()) {
            if (schema.getFullName().equals(fullName)) {
                result.add(schema);
            }
        }
        return result;
    }

    /** Every historical schema, in index order. */
    public static List<Schema> all() {
        List<Schema> schemas = new ArrayList<>();
        for (String line : SingleObjectCodec.readResource(FOLDER + "index.txt").split("\n")) {
            String file = line.strip();
            if (!file.isEmpty()) {
                schemas.add(new Schema.Parser().parse(SingleObjectCodec.readResource(FOLDER + file)));
            }
        }
        return schemas;
    }
}
