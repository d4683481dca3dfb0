package dev.synchrony.net.codec;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;

/**
 * A sealed interface: the number of the value's leaf among the interface's permitted records and enums (nested
 * sealed interfaces flattened, sorted by class name so every build numbers them alike), then the leaf.
 */
final class SealedCodec implements ValueCodec {

    private final Class<?> root;
    private final List<Class<?>> leaves;
    private final Map<Class<?>, Integer> leafNumber;
    private final ValueCodec[] leafCodecs;

    SealedCodec(Class<?> root, List<Class<?>> leaves, ValueCodec[] leafCodecs) {
        this.root = root;
        this.leaves = List.copyOf(leaves);
        this.leafCodecs = leafCodecs;
        Map<Class<?>, Integer> numbers = new java.util.HashMap<>();
        for (int i = 0; i < leaves.size(); i++) {
            numbers.put(leaves.get(i), i);
        }
        this.leafNumber = Map.copyOf(numbers);
    }

    @Override
    public void write(ByteBuf out, Object value) {
        Class<?> type = value instanceof Enum<?> constant ? constant.getDeclaringClass() : value.getClass();
        Integer number = leafNumber.get(type);
        if (number == null) {
            throw new CodecException(type.getName() + " is not a permitted " + root.getSimpleName());
        }
        WireReads.writeVarint(out, number);
        leafCodecs[number].write(out, value);
    }

    @Override
    public Object read(ByteBuf in, Decoding decoding) {
        int number = WireReads.readVarint(in, root.getSimpleName() + " tag");
        if (number >= leaves.size()) {
            throw new CodecException(
                    "unknown " + root.getSimpleName() + " tag " + number + " (known: 0.." + (leaves.size() - 1) + ")");
        }
        return leafCodecs[number].read(in, decoding);
    }

    /** The tag and the smallest leaf. */
    @Override
    public int minBytes() {
        int smallest = Integer.MAX_VALUE;
        for (ValueCodec leaf : leafCodecs) {
            smallest = Math.min(smallest, leaf.minBytes());
        }
        return 1 + (leafCodecs.length == 0 ? 0 : smallest);
    }

    @Override
    public String shape() {
        return "sealed " + root.getName();
    }
}
