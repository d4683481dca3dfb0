package dev.synchrony.net.runtime;

import dev.synchrony.core.Node;
import dev.synchrony.net.codec.WireCodec;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/** Finds the message type of a node class, to build its {@link WireCodec}. */
public final class Protocols {

    private Protocols() {
    }

    /** The {@code M} of {@code Node<M, T, C>} that {@code node}'s class implements ({@code Object} if generic). */
    public static Class<?> messageRoot(Node<?, ?, ?> node) {
        Class<?> type = node.getClass();
        while (type != null && type != Object.class) {
            for (Type implemented : type.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType parameterized && parameterized.getRawType() == Node.class) {
                    Type message = parameterized.getActualTypeArguments()[0];
                    if (message instanceof Class<?> raw) {
                        return raw;
                    }
                    if (message instanceof ParameterizedType generic) {
                        return (Class<?>) generic.getRawType();
                    }
                    return Object.class;
                }
            }
            type = type.getSuperclass();
        }
        return Object.class;
    }

    /**
     * A codec for the messages of {@code node}. For a node over the reliable link layer, the inner algorithm's
     * messages are indexed too (instead of travelling by class name inside the link's frames).
     */
    public static WireCodec codecFor(Node<?, ?, ?> node) {
        java.util.List<Class<?>> roots = new java.util.ArrayList<>();
        Node<?, ?, ?> current = node;
        while (true) {
            Class<?> root = messageRoot(current);
            if (root != Object.class) {
                roots.add(root);
            }
            if (current instanceof dev.synchrony.link.ReliableFifoLink<?, ?, ?> link) {
                current = link.inner();
            } else {
                break;
            }
        }
        return WireCodec.of(roots.toArray(Class<?>[]::new));
    }
}
