package io.nearline.recall.job.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A hand-written serializer of one mutable state type, field by field in a fixed order ({@link #fields()}, checked
 * against the class by a test, so a field added to the class and not to its serializer fails the build). Flink's
 * POJO serializer reaches every field through reflection and writes strings char by char; on RocksDB every read and
 * write of a user's state goes through the serializer, so that was most of the job's time. Stateless, so one
 * instance serves every thread.
 */
public abstract class CompactSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    /** The names of the type's fields in the order they are written (a test compares them with the class). */
    public abstract List<String> fields();

    /** The class of the values, whose fields {@link #fields()} names. */
    public abstract Class<T> type();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this;
    }

    /**
     * A deep copy through the encoding: the heap backend copies a value only when a snapshot still holds it, so
     * this is rare and must above all be exactly what a restore would give.
     */
    @Override
    public T copy(T from) {
        if (from == null) {
            return null;
        }
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new UncheckedIOException("copying a " + type().getSimpleName() + " through its encoding", e);
        }
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
