package io.nearline.recall.inference;

/** The KServe v2 tensor datatypes this project sends or receives, with their wire names and element sizes. */
public enum TensorDatatype {
    BYTES(-1),
    BOOL(1),
    INT32(4),
    UINT32(4),
    FP32(4);

    private final int elementBytes;

    TensorDatatype(int elementBytes) {
        this.elementBytes = elementBytes;
    }

    /** Size of one element in raw contents, or -1 for BYTES whose elements carry their own length. */
    public int elementBytes() {
        return elementBytes;
    }

    /** The name used in the protocol's {@code datatype} fields. */
    public String wireName() {
        return name();
    }

    /** Parses a protocol datatype name; throws {@link TensorFormatException} for names not used here. */
    public static TensorDatatype fromWire(String name) {
        for (TensorDatatype type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        throw new TensorFormatException("unsupported datatype '" + name + "'");
    }
}
