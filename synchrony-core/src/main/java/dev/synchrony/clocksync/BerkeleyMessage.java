package dev.synchrony.clocksync;

/**
 * The three messages of the Berkeley algorithm (Gusella and Zatti 1989; the lecture's figure (a)-(c)). Shared by
 * the simulator and the network runtime.
 */
public sealed interface BerkeleyMessage {

    /**
     * (a) The time daemon asks a machine for its clock value in round {@code round}.
     *
     * @param round the daemon's round number
     */
    record TimeQuery(long round) implements BerkeleyMessage {}

    /**
     * (b) A machine answers with its clock reading when the query arrived.
     *
     * @param round the round of the query it answers
     * @param clockNanos its clock when the query arrived
     */
    record TimeReport(long round, long clockNanos) implements BerkeleyMessage {}

    /**
     * (c) The daemon tells a machine how much to adjust its clock: a relative amount, so that the time the
     * message spends in the network does not matter.
     *
     * @param round the round the adjustment closes
     * @param adjustmentNanos what the machine is to add to its clock (negative: set it back)
     */
    record Adjustment(long round, long adjustmentNanos) implements BerkeleyMessage {}
}
