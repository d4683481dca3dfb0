package dev.synchrony.net.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A list or set: a varint count, then the elements, none null. A count is accepted only if the frame holds at
 * least count times the element's smallest encoding; a set refuses a repeated element (no encoder writes one, and
 * refusing it keeps a set's memory proportional to the distinct bytes sent).
 */
final class CollectionCodec implements ValueCodec {

    enum Kind {
        LIST,
        SET,
        SORTED_SET
    }

    private final ValueCodec element;
    private final Kind kind;
    private final boolean nullableElements;

    /** {@code nullableElements}: the element codec is an open value, which carries its own null tag. */
    CollectionCodec(ValueCodec element, Kind kind, boolean nullableElements) {
        this.element = element;
        this.kind = kind;
        this.nullableElements = nullableElements;
    }

    @Override
    public void write(ByteBuf out, Object value) {
        Collection<?> items = (Collection<?>) value;
        WireReads.writeVarint(out, items.size());
        for (Object item : items) {
            if (item == null && !nullableElements) {
                throw new CodecException("null element in a " + kind.name().toLowerCase() + " of " + element.shape());
            }
            element.write(out, item);
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object read(ByteBuf in, Decoding decoding) {
        decoding.enter();
        int count = WireReads.readCount(in, element.minBytes(), kind.name().toLowerCase());
        if (kind == Kind.LIST) {
            // The list, its wrapper, and the copy a record's constructor commonly takes (List.copyOf).
            decoding.charge(4L * Decoding.OBJECT + 2L * Decoding.REFERENCE * count, "a list");
            List<Object> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                items.add(element.read(in, decoding));
            }
            decoding.leave();
            return Collections.unmodifiableList(items);
        }
        decoding.charge(4L * Decoding.OBJECT + (3L * Decoding.OBJECT) * count, "a set");
        Set set = kind == Kind.SET ? new LinkedHashSet<>() : new TreeSet<>();
        for (int i = 0; i < count; i++) {
            Object item = element.read(in, decoding);
            boolean added;
            try {
                added = set.add(item);
            } catch (ClassCastException | NullPointerException e) {
                throw new CodecException("bad sorted set element: " + e.getMessage());
            }
            if (!added) {
                throw new CodecException("repeated element in a set of " + element.shape());
            }
        }
        decoding.leave();
        return kind == Kind.SET ? Collections.unmodifiableSet(set) : set;
    }

    @Override
    public int minBytes() {
        return 1;
    }

    @Override
    public String shape() {
        return kind.name() + "<" + element.shape() + ">";
    }
}
