package dev.synchrony.lease;

/**
 * The timing of a {@link LeaseLock}, all in nanoseconds of a local clock.
 *
 * @param heartbeatNanos the leader's heartbeat period; also the period at which members retry requests and renew
 *     grants
 * @param leaderLeaseNanos L_leader: how long a member that heard the leader promises not to vote for another (on
 *     its clock, from receipt); the leader leads for {@code L_leader (1 - rho) / (1 + rho)} on its clock from
 *     sending the round a majority acknowledged
 * @param electionTimeoutNanos silence after which a follower stands as candidate, drawn anew each time from
 *     {@code [timeout, 2 timeout)}; above L_leader, or a candidate would only meet promises
 * @param grantLeaseNanos L_grant: the leader counts a grant or renewal as held for L_grant on its clock from the
 *     moment it grants; the holder for {@code L_grant (1 - rho) / (1 + rho) - margin} on its clock from the moment
 *     it sent the request that was granted
 * @param marginNanos what the holder gives up at the end of each grant, for the time between its last look at the
 *     clock and the resource seeing its last write
 * @param renewNanos how often a holder asks to renew while it holds
 * @param rho the bound on clock drift: every clock runs at a rate within {@code [1 - rho, 1 + rho]} of real time
 * @param graceNanos how long a new leader waits after winning before its first grant, on its clock: L_leader +
 *     L_grant unless given (the safety argument needs at least L_grant; a smaller value exists only so that tests
 *     and the explorer can show the double grant it allows)
 */
public record LeaseSettings(
        long heartbeatNanos,
        long leaderLeaseNanos,
        long electionTimeoutNanos,
        long grantLeaseNanos,
        long marginNanos,
        long renewNanos,
        double rho,
        long graceNanos) {

    /**
     * Settings with the safe grace period, L_leader + L_grant: the constructor for anything but a demonstration of
     * what a shorter grace period breaks.
     *
     * @param heartbeatNanos the leader's heartbeat period, also the retry and renewal check period
     * @param leaderLeaseNanos L_leader, the promise a follower makes on each heartbeat
     * @param electionTimeoutNanos the silence after which a follower stands; above L_leader
     * @param grantLeaseNanos L_grant, how long the leader counts a grant or renewal as held
     * @param marginNanos what the holder gives up at the end of each grant for the delay to the resource
     * @param renewNanos how often a holder asks to renew
     * @param rho the bound on clock drift, in [0, 1)
     */
    public LeaseSettings(
            long heartbeatNanos,
            long leaderLeaseNanos,
            long electionTimeoutNanos,
            long grantLeaseNanos,
            long marginNanos,
            long renewNanos,
            double rho) {
        this(
                heartbeatNanos,
                leaderLeaseNanos,
                electionTimeoutNanos,
                grantLeaseNanos,
                marginNanos,
                renewNanos,
                rho,
                leaderLeaseNanos + grantLeaseNanos);
    }

    /**
     * Checks that the timings can be safe together: positive periods and leases, rho in [0, 1), a heartbeat and a
     * renewal period shorter than the leases they keep alive (as measured on a drifting clock), an election timeout
     * above L_leader, and no negative margin or grace period.
     *
     * @throws IllegalArgumentException naming the setting that is out of range, with the bound it missed
     */
    public LeaseSettings {
        if (graceNanos < 0) {
            throw new IllegalArgumentException("grace period must not be negative, got " + graceNanos + " ns");
        }
        if (!(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("rho must be in [0, 1), got " + rho);
        }
        positive("heartbeat", heartbeatNanos);
        positive("leader lease", leaderLeaseNanos);
        positive("grant lease", grantLeaseNanos);
        positive("renew period", renewNanos);
        if (marginNanos < 0) {
            throw new IllegalArgumentException("lease margin must not be negative, got " + marginNanos + " ns");
        }
        if (heartbeatNanos >= scaled(leaderLeaseNanos, rho)) {
            throw new IllegalArgumentException("heartbeat " + heartbeatNanos + " ns must be shorter than the leader's"
                    + " lease L_leader (1 - rho) / (1 + rho) = " + scaled(leaderLeaseNanos, rho) + " ns");
        }
        if (electionTimeoutNanos <= leaderLeaseNanos) {
            throw new IllegalArgumentException("election timeout " + electionTimeoutNanos
                    + " ns must exceed the leader lease " + leaderLeaseNanos + " ns");
        }
        long holderLease = scaled(grantLeaseNanos, rho) - marginNanos;
        if (renewNanos >= holderLease || heartbeatNanos >= holderLease) {
            throw new IllegalArgumentException("renew period " + renewNanos + " ns and heartbeat " + heartbeatNanos
                    + " ns must be shorter than the holder's lease L_grant (1 - rho) / (1 + rho) - margin = "
                    + holderLease + " ns");
        }
    }

    /**
     * Values for a LAN: heartbeats every 50 ms, leases of 1 s (leader) and 2 s (grants), drift up to 1e-4.
     *
     * @return those settings, with an election timeout of 1.5 s, a margin of 20 ms, renewal every 300 ms and the
     *     safe grace period
     */
    public static LeaseSettings defaults() {
        return new LeaseSettings(
                50_000_000L, 1_000_000_000L, 1_500_000_000L, 2_000_000_000L, 20_000_000L, 300_000_000L, 1e-4);
    }

    /**
     * How long the leader leads after sending a round that a majority acknowledged, on its own clock.
     *
     * @return {@code L_leader (1 - rho) / (1 + rho)}, rounded down, in nanoseconds
     */
    public long leaderLeaseOnLeaderClock() {
        return scaled(leaderLeaseNanos, rho);
    }

    /**
     * How long a holder holds from sending the request or renewal that was granted, on its own clock.
     *
     * @return {@code L_grant (1 - rho) / (1 + rho) - margin}, in nanoseconds; positive for valid settings
     */
    public long grantLeaseOnHolderClock() {
        return scaled(grantLeaseNanos, rho) - marginNanos;
    }

    /** {@code duration (1 - rho) / (1 + rho)}, rounded down: a duration on a fast clock that a slow one outlasts. */
    static long scaled(long duration, double rho) {
        return (long) Math.floor(duration * ((1 - rho) / (1 + rho)));
    }

    private static void positive(String name, long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + nanos + " ns");
        }
    }
}
