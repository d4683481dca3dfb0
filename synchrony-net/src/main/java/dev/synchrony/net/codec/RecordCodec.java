package dev.synchrony.net.codec;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * A record: its components in declaration order. Decoding calls only the canonical constructor, so the record's
 * own validation runs on every decoded value, and a record that refuses its components fails the frame.
 */
final class RecordCodec implements ValueCodec {

    private final Class<?> type;
    private final String[] names;
    private final MethodHandle[] accessors;
    private final ValueCodec[] components;
    private final MethodHandle constructor;
    private int minBytes = -1;

    /** {@code components}: the codec of each component, in declaration order, built by {@link CodecBuilder}. */
    RecordCodec(Class<?> type, ValueCodec[] components) {
        this.type = type;
        this.components = components;
        RecordComponent[] parts = type.getRecordComponents();
        names = new String[parts.length];
        accessors = new MethodHandle[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (int i = 0; i < parts.length; i++) {
                names[i] = parts[i].getName();
                types[i] = parts[i].getType();
                Method accessor = parts[i].getAccessor();
                accessor.setAccessible(true);
                accessors[i] = lookup.unreflect(accessor);
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            constructor = lookup.unreflectConstructor(canonical).asSpreader(Object[].class, parts.length);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot encode record " + type.getName() + ": " + e, e);
        }
    }

    Class<?> type() {
        return type;
    }

    @Override
    public void write(ByteBuf out, Object value) {
        for (int i = 0; i < components.length; i++) {
            Object part;
            try {
                part = accessors[i].invoke(value);
            } catch (Throwable e) {
                throw new CodecException("cannot read " + type.getSimpleName() + "." + names[i] + ": " + e, e);
            }
            components[i].write(out, part);
        }
    }

    @Override
    public Object read(ByteBuf in, Decoding decoding) {
        decoding.enter();
        // The record and the array of its components on their way to the constructor.
        decoding.charge(2L * Decoding.OBJECT + 3L * Decoding.REFERENCE * components.length, type.getSimpleName());
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = components[i].read(in, decoding);
        }
        decoding.leave();
        try {
            return constructor.invoke(values);
        } catch (RuntimeException e) {
            throw new CodecException("invalid " + type.getSimpleName() + ": " + e, e);
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            throw new CodecException("cannot build " + type.getSimpleName() + ": " + e, e);
        }
    }

    /** The sum of the components' smallest encodings (each reference component has its presence byte). */
    @Override
    public int minBytes() {
        if (minBytes < 0) {
            int sum = 0;
            for (ValueCodec component : components) {
                sum += component.minBytes();
            }
            minBytes = sum;
        }
        return minBytes;
    }

    @Override
    public String shape() {
        return type.getName();
    }

    /** The components by name and declared type, for the fingerprint. */
    String structure() {
        StringBuilder shape = new StringBuilder("record(");
        RecordComponent[] parts = type.getRecordComponents();
        for (int i = 0; i < parts.length; i++) {
            shape.append(names[i])
                    .append(':')
                    .append(parts[i].getGenericType().getTypeName())
                    .append('=')
                    .append(components[i].shape())
                    .append(',');
        }
        return shape.append(')').toString();
    }
}
