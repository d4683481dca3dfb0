package dev.synchrony.election;

/**
 * Terms of coordinators. A term is a fencing token: each process only ever moves to a larger one. Distinct
 * coordinators never share a term, because a term is chosen as the smallest number above every term the
 * chooser has seen that is congruent to the leader's index modulo the group size.
 */
final class Terms {

    private Terms() {}

    /** The first term above {@code maxSeen} that belongs to the member at {@code leaderIndex} of {@code groupSize}. */
    static long next(long maxSeen, int groupSize, int leaderIndex) {
        if (leaderIndex < 0 || leaderIndex >= groupSize) {
            throw new IllegalArgumentException("leader index " + leaderIndex + " outside a group of " + groupSize);
        }
        long above = Math.max(0, maxSeen) + 1;
        return above + Math.floorMod(leaderIndex - above, (long) groupSize);
    }
}
