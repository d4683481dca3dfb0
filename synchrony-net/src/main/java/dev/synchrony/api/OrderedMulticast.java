package dev.synchrony.api;

import dev.synchrony.multicast.Delivered;
import dev.synchrony.multicast.MulticastCommand;
import dev.synchrony.net.runtime.NodeHost;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What both ordered multicasts share: {@code publish(bytes)} gives the local node a {@link MulticastCommand.Publish};
 * each {@link Delivered} output goes to the listeners, in delivery order. The publisher receives its own messages
 * too, in their place in the order.
 */
public abstract sealed class OrderedMulticast permits TotalOrderMulticast, CausalMulticast {

    private final String name;
    private final NodeHost host;
    private final List<MulticastListener> listeners = new CopyOnWriteArrayList<>();

    OrderedMulticast(String name, NodeHost host) {
        this.name = name;
        this.host = host;
        host.addOutputListener(output -> {
            if (output instanceof Delivered delivered && delivered.payload() instanceof byte[] bytes) {
                listeners.forEach(l -> l.delivered(delivered.origin(), delivered.sequence(), bytes.clone()));
            }
        });
    }

    public String name() {
        return name;
    }

    public void addListener(MulticastListener listener) {
        listeners.add(listener);
    }

    /** Multicasts a copy of {@code payload} to every member, this one included. */
    public CompletableFuture<Void> publish(byte[] payload) {
        return host.command(new MulticastCommand.Publish(payload.clone()));
    }
}
