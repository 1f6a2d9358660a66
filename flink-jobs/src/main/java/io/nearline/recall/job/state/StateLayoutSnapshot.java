package io.nearline.recall.job.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What a checkpoint records of a {@link CompactSerializer}: the layout version its values were written in. On a
 * restore, state of the same layout is read as is; state of the same class another serializer wrote (savepoints of
 * jobs before these serializers: Flink's POJO serializer, or Avro's for the profile) is migrated, read by the
 * serializer of the savepoint and written anew; state of a layout this job does not know (a newer job's) is
 * refused, so a changed encoding is detected instead of misread.
 * A subclass per serializer, with a public no-argument constructor, is what Flink instantiates on a restore.
 */
public abstract class StateLayoutSnapshot<T> implements TypeSerializerSnapshot<T> {

    private static final int SNAPSHOT_VERSION = 1;

    private final CompactSerializer<T> serializer;
    private final int currentLayout;
    private int layout;

    protected StateLayoutSnapshot(CompactSerializer<T> serializer, int currentLayout) {
        this.serializer = serializer;
        this.currentLayout = currentLayout;
        this.layout = currentLayout;
    }

    /** The layout the snapshotted values were written in. */
    public int layout() {
        return layout;
    }

    @Override
    public int getCurrentVersion() {
        return SNAPSHOT_VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeInt(layout);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion != SNAPSHOT_VERSION) {
            throw new IOException("snapshot version " + readVersion + " of the " + serializer.type().getSimpleName()
                    + " serializer is not one this job reads (" + SNAPSHOT_VERSION + ")");
        }
        layout = in.readInt();
    }

    /** Only the current layout can be read: an older one is to be kept readable here when the layout changes. */
    @Override
    public TypeSerializer<T> restoreSerializer() {
        if (layout != currentLayout) {
            throw new IllegalStateException(serializer.type().getSimpleName() + " state of layout " + layout
                    + " cannot be read by this job, whose layout is " + currentLayout);
        }
        return serializer;
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
        if (old instanceof StateLayoutSnapshot<T> compact && compact.serializer.equals(serializer)) {
            return compact.layout == currentLayout ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
        if (!(old instanceof StateLayoutSnapshot) && holdsThisType(old)) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }

    /** Whether the old serializer makes values of this serializer's class (POJO and Avro serializers can say). */
    private boolean holdsThisType(TypeSerializerSnapshot<T> old) {
        try {
            T instance = old.restoreSerializer().createInstance();
            return instance != null && instance.getClass() == serializer.type();
        } catch (RuntimeException cannotSay) {
            return false;
        }
    }
}
