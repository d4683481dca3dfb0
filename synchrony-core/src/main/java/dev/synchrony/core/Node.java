package dev.synchrony.core;

/**
 * A process of a distributed algorithm, written as an I/O-free state machine.
 *
 * <p>A node reacts to four inputs: its start, a message from a peer, a timer it set, and a command from the
 * application that hosts it (acquire the lock, multicast this update). It acts only through the {@link Context}
 * it is handed: it never creates threads, opens sockets, reads {@code System.nanoTime()} or builds its own
 * {@code Random}. That is what lets the same class run in the deterministic simulator, in the exhaustive
 * explorer and over real TCP.
 *
 * <p>Contract, relied on by the explorer and the replay tests:
 * <ul>
 *   <li>Handlers are deterministic functions of the node's state, the input and what the context returns.
 *   They never block.</li>
 *   <li>The node's state has value semantics: {@link #copy()} returns an independent node that is
 *   {@code equals} to this one and has the same {@code hashCode}; two nodes in the same state are equal.
 *   Iterate only over ordered collections (lists, {@code TreeMap}, {@code LinkedHashMap}); never over a
 *   {@code HashMap} or {@code HashSet}, whose order could differ between runs.</li>
 *   <li>Messages, timers and commands are immutable values (records) under one sealed interface each.</li>
 * </ul>
 *
 * @param <M> the protocol's messages
 * @param <T> the protocol's timers
 * @param <C> the commands the application may give
 */
public interface Node<M, T, C> {

    /**
     * The process starts (for the first time, or again after a crash with its volatile state lost).
     *
     * @param context what the node may act through during this call
     */
    void onStart(Context<M, T> context);

    /**
     * A message from a peer (or from this node itself) arrives.
     *
     * @param from the member that sent it
     * @param message the message
     * @param context what the node may act through during this call
     */
    void onMessage(NodeId from, M message, Context<M, T> context);

    /**
     * A timer this node set has fired (and was not cancelled before).
     *
     * @param timer the value given to {@link Context#setTimer}
     * @param context what the node may act through during this call
     */
    void onTimer(T timer, Context<M, T> context);

    /**
     * A request from the application or the workload. Nodes that take no commands keep this default.
     *
     * @param command what the application asks for
     * @param context what the node may act through during this call
     * @throws IllegalArgumentException in this default: the node takes no commands
     */
    default void onCommand(C command, Context<M, T> context) {
        throw new IllegalArgumentException(getClass().getSimpleName() + " takes no command, got " + command);
    }

    /**
     * A deep, independent copy in the same state (see the class contract).
     *
     * @return a node equal to this one that shares no mutable state with it
     */
    Node<M, T, C> copy();

    /**
     * A few named values of this process's state for a person watching the run (the run viewer): its clocks, its
     * queue, its mutex state, its view of the coordinator. Names and values are short and in the lecture's words;
     * the order is the display order. Called only when a viewer is wanted, after each event, so it must be cheap
     * and must not change the node. Nodes with nothing to show keep this default.
     *
     * @return the values by name, in display order (empty in this default)
     */
    default java.util.SequencedMap<String, Object> displayState() {
        return new java.util.LinkedHashMap<>();
    }
}
