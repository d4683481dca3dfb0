package dev.synchrony.net.codec;

import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A map: a varint count, then key and value of each entry, none null; decoded in encoded order (or sorted). A
 * repeated key is refused, as {@link CollectionCodec} refuses a repeated set element.
 */
final class MapCodec implements ValueCodec {

    private final ValueCodec keys;
    private final ValueCodec values;
    private final boolean sorted;

    MapCodec(ValueCodec keys, ValueCodec values, boolean sorted) {
        this.keys = keys;
        this.values = values;
        this.sorted = sorted;
    }

    @Override
    public void write(ByteBuf out, Object value) {
        Map<?, ?> map = (Map<?, ?>) value;
        WireReads.writeVarint(out, map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                throw new CodecException("null key or value in a map of " + shape());
            }
            keys.write(out, entry.getKey());
            values.write(out, entry.getValue());
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object read(ByteBuf in, Decoding decoding) {
        decoding.enter();
        // At least one byte an entry: keys are distinct, so only one key can take no bytes.
        int count = WireReads.readCount(in, Math.max(1, keys.minBytes() + values.minBytes()), "map");
        decoding.charge(4L * Decoding.OBJECT + (3L * Decoding.OBJECT) * count, "a map");
        Map map = sorted ? new TreeMap<>() : new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Object key = keys.read(in, decoding);
            Object value = values.read(in, decoding);
            Object previous;
            try {
                previous = map.putIfAbsent(key, value);
            } catch (ClassCastException | NullPointerException e) {
                throw new CodecException("bad sorted map key: " + e.getMessage());
            }
            if (previous != null) {
                throw new CodecException("repeated key in a map of " + shape());
            }
        }
        decoding.leave();
        return sorted ? map : Collections.unmodifiableMap(map);
    }

    @Override
    public int minBytes() {
        return 1;
    }

    @Override
    public String shape() {
        return (sorted ? "SORTED_MAP<" : "MAP<") + keys.shape() + "," + values.shape() + ">";
    }
}
