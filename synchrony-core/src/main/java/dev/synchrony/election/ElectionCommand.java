package dev.synchrony.election;

/** What the application may ask of an election node. */
public sealed interface ElectionCommand {

    /**
     * Hold an election now, as a process does that notices the coordinator is gone. A script uses it to say who
     * notices first, as the lecture's figures do; ignored by a process already holding one.
     */
    record StartElection() implements ElectionCommand {
    }
}
