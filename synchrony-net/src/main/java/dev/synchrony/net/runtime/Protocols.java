package dev.synchrony.net.runtime;

import dev.synchrony.core.Node;
import dev.synchrony.net.codec.WireCodec;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/** Finds the message type of a node class, to build its {@link WireCodec}. */
public final class Protocols {

    private Protocols() {}

    /**
     * The {@code M} of {@code Node<M, T, C>} that {@code node}'s class implements ({@code Object} if generic).
     *
     * @param node a node
     * @return its message root
     */
    public static Class<?> messageRoot(Node<?, ?, ?> node) {
        return messageRoot(node.getClass());
    }

    /**
     * The {@code M} of {@code Node<M, T, C>} that {@code nodeClass} implements ({@code Object} if generic).
     *
     * @param nodeClass a node class (or a subclass of one)
     * @return its message root
     */
    public static Class<?> messageRoot(Class<?> nodeClass) {
        Class<?> type = nodeClass;
        while (type != null && type != Object.class) {
            for (Type implemented : type.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType parameterized
                        && parameterized.getRawType() == Node.class) {
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
     * A codec for the messages of {@code node}: the message root of each layer (the reliable link, the algorithm
     * it wraps; a replicated account's multicast and the account updates it multicasts), plus the
     * {@code payloadRoots} an application sends in open ({@code Object}) fields. Only these types can be decoded.
     *
     * @param node the node whose messages the codec carries, layers included
     * @param payloadRoots further roots for values in open fields
     * @return the codec
     * @throws IllegalArgumentException naming a component whose type cannot be encoded
     */
    public static WireCodec codecFor(Node<?, ?, ?> node, Class<?>... payloadRoots) {
        java.util.List<Class<?>> roots = new java.util.ArrayList<>();
        Node<?, ?, ?> current = node;
        while (current != null) {
            Class<?> root = messageRoot(current);
            if (root != Object.class && !roots.contains(root)) {
                roots.add(root);
            }
            current = switch (current) {
                case dev.synchrony.link.ReliableFifoLink<?, ?, ?> link -> link.inner();
                case dev.synchrony.multicast.ReplicatedAccount<?, ?> account -> {
                    roots.add(dev.synchrony.multicast.AccountUpdate.class);
                    yield account.multicast();
                }
                default -> null;
            };
        }
        roots.addAll(java.util.List.of(payloadRoots));
        return WireCodec.of(roots);
    }
}
