package dev.synchrony.election;

import dev.synchrony.core.NodeId;
import java.util.Optional;

/** What checkers, the explorer and the runtime may ask of any election node's state. */
public interface ElectionParticipant {

    /**
     * The coordinator this node currently believes in, if any.
     *
     * @return the coordinator, or empty during an election or before the first
     */
    Optional<NodeId> coordinator();

    /**
     * The term of that coordinator: it grows with each new coordinator and doubles as a fencing token.
     *
     * @return the term, 0 before any coordinator
     */
    long term();
}
