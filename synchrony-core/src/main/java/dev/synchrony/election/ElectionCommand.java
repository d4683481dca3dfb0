package dev.synchrony.election;

/** What the application may ask of an election node. */
public sealed interface ElectionCommand {

    /**
     * Hold an election now, as a process does that notices the coordinator is gone. A script uses it to say who
     * notices first, as the lecture's figures do; ignored by a process already holding one.
     */
    record StartElection() implements ElectionCommand {}

    /**
     * Step down and stay out of the race: the process stops leading (if it did), never wins an election and
     * lets lighter processes lead, while still following whoever wins. Not every algorithm can: one that cannot
     * refuses the command with an {@link IllegalArgumentException} saying why.
     */
    record Resign() implements ElectionCommand {}

    /** Undo {@link Resign}: enter the race again (an election follows, which a heavier process wins). */
    record Stand() implements ElectionCommand {}
}
