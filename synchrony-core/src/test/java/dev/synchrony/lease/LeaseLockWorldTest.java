package dev.synchrony.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.election.LeaderElected;
import dev.synchrony.election.LeadershipLost;
import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.mutex.MutexOutput;
import dev.synchrony.mutex.NamedLocks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link LeaseLock} members in a {@link LeaseWorld}, driven by hand: elections, partitions, restarts and leader
 * changes, with every belief judged in real time.
 */
class LeaseLockWorldTest {

    static final long MS = 1_000_000L;
    /** 20 ms heartbeats, L_leader 200 ms, election timeout 300-600 ms, L_grant 400 ms, margin 5 ms, rho 1%. */
    static final LeaseSettings SETTINGS =
            new LeaseSettings(20 * MS, 200 * MS, 300 * MS, 400 * MS, 5 * MS, 60 * MS, 0.01);

    static LeaseWorld started(int size, long seed) {
        LeaseWorld world = new LeaseWorld(size, SETTINGS, seed);
        for (int i = 0; i < size; i++) {
            // Clocks at both edges of the drift bound, and offsets: leases must hold whatever the clocks read.
            world.clock(i, i % 2 == 0 ? 1 - SETTINGS.rho() : 1 + SETTINGS.rho(), i * 7_777 * MS);
        }
        world.startAll();
        return world;
    }

    static int electedLeader(LeaseWorld world) {
        for (int step = 0; step < 100 && world.leaderNow() < 0; step++) {
            world.runUntil(world.now + 50 * MS);
        }
        int leader = world.leaderNow();
        assertThat(leader).as("a leader within 5 s").isGreaterThanOrEqualTo(0);
        return leader;
    }

    static void assertSafe(LeaseWorld world) {
        assertThat(LeaseWorld.overlaps(world.holds))
                .as("grants believed at once")
                .isEmpty();
        assertThat(LeaseWorld.overlaps(world.leads))
                .as("leaders believed at once")
                .isEmpty();
        world.enteredByLock.forEach((lock, tokens) -> {
            for (int i = 1; i < tokens.size(); i++) {
                assertThat(tokens.get(i))
                        .as("lock '%s': fencing token %d after %s", lock, i, tokens.subList(0, i))
                        .isGreaterThan(tokens.get(i - 1));
            }
        });
    }

    @Test
    void aConnectedGroupElectsOneLeaderAndServesRequestsWithIncreasingTokens() {
        LeaseWorld world = started(3, 1);
        electedLeader(world);
        world.runUntil(world.now + SETTINGS.graceNanos() * 2);
        long requestId = 1;
        for (int round = 0; round < 3; round++) {
            for (int member = 0; member < 3; member++) {
                world.command(member, new MutexCommand.Acquire(requestId++));
            }
            for (int member = 0; member < 3; member++) {
                world.runUntil(world.now + 100 * MS);
                int holder = holder(world);
                assertThat(holder).as("round %d: someone holds", round).isGreaterThanOrEqualTo(0);
                world.command(holder, new MutexCommand.Release(currentRequest(world, holder)));
            }
        }
        world.runUntil(world.now + 200 * MS);
        assertThat(world.entered).hasSize(9);
        assertThat(world.outputs.stream().filter(o -> o.output() instanceof MutexOutput.Lost))
                .isEmpty();
        assertSafe(world);
    }

    @Test
    void aMinoritySideNeverGrantsWhileTheMajoritySideGoesOn() {
        LeaseWorld world = started(5, 2);
        int leader = electedLeader(world);
        world.runUntil(world.now + SETTINGS.graceNanos() * 2);
        List<Integer> minority = List.of(leader, (leader + 1) % 5);
        List<Integer> majority = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            if (!minority.contains(i)) {
                majority.add(i);
            }
        }
        world.partition(List.of(minority, majority));
        long cut = world.now;
        long oldTerm = world.node(leader).term();
        // The old leader's lease runs out L_leader (1 - rho) / (1 + rho) on its clock after its last acknowledged
        // round, which it sent before the cut: at most L_leader real time later.
        long leaseOver = cut + SETTINGS.leaderLeaseNanos();
        int entriesBefore = world.entered.size();
        world.runUntil(leaseOver);
        world.command(minority.get(1), new MutexCommand.Acquire(100));
        world.command(minority.get(0), new MutexCommand.Acquire(101));
        world.command(majority.get(0), new MutexCommand.Acquire(200));
        world.runUntil(cut + 5_000 * MS);
        assertThat(world.outputsOf(minority.get(1), MutexOutput.Granted.class))
                .as("minority member granted")
                .isEmpty();
        assertThat(world.outputsOf(minority.get(0), MutexOutput.Granted.class))
                .as("old leader granted")
                .isEmpty();
        assertThat(world.firstOutput(leader, LeadershipLost.class, cut))
                .as("old leader told it lost leadership")
                .isLessThanOrEqualTo(leaseOver);
        assertThat(world.outputsOf(majority.get(0), MutexOutput.Granted.class))
                .as("majority side served")
                .singleElement()
                .satisfies(g -> assertThat(g.fencingToken() >>> 32).isGreaterThan(oldTerm));
        assertThat(world.entered.size()).isEqualTo(entriesBefore + 1);
        assertSafe(world);
    }

    @Test
    void anIsolatedLeaderStopsGrantingWithinItsLeaseAndItsHolderHearsLostWithinTheBound() {
        LeaseWorld world = started(5, 3);
        int leader = electedLeader(world);
        world.runUntil(world.now + SETTINGS.graceNanos() * 2);
        int holder = (leader + 1) % 5;
        world.command(holder, new MutexCommand.Acquire(1));
        world.runUntil(world.now + 100 * MS);
        assertThat(world.outputsOf(holder, MutexOutput.Granted.class)).hasSize(1);
        // Hold through several renewals first.
        world.runUntil(world.now + 3 * SETTINGS.grantLeaseNanos());
        assertThat(world.node(holder).inCriticalSection()).isTrue();

        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            if (i != leader && i != holder) {
                others.add(i);
            }
        }
        world.partition(List.of(List.of(leader, holder), others));
        long cut = world.now;
        world.runUntil(cut + 3_000 * MS);

        long leadershipLost = world.firstOutput(leader, LeadershipLost.class, cut);
        long lost = world.firstOutput(holder, MutexOutput.Lost.class, cut);
        // The stated bound (docs/lease-lock.md): the leader's lease ends within L_leader of the cut; the holder's
        // next renewal is refused within a renewal period, a tick and a round trip (on clocks at least 1 - rho
        // fast), and never later than its own lease.
        long renewal = (long) ((SETTINGS.renewNanos() + SETTINGS.heartbeatNanos()) / (1 - SETTINGS.rho()));
        assertThat(leadershipLost - cut).isLessThanOrEqualTo(SETTINGS.leaderLeaseNanos());
        assertThat(lost - cut).isLessThanOrEqualTo(SETTINGS.leaderLeaseNanos() + renewal + 2 * world.maxLatency);
        assertThat(lost - cut).isLessThanOrEqualTo(SETTINGS.leaderLeaseNanos() + SETTINGS.grantLeaseNanos());
        assertThat(world.outputsOf(holder, MutexOutput.Lost.class))
                .singleElement()
                .satisfies(l -> assertThat(l.reason()).contains("renewal refused"))
                .satisfies(l -> assertThat(l.leaseEndedAt()).isEmpty());
        // The leader's lease lapsed: the notice says at which reading of its clock, as a field (ClientHistory ends
        // the leadership there when the notice comes late).
        assertThat(world.outputsOf(leader, LeadershipLost.class))
                .singleElement()
                .satisfies(l -> assertThat(l.leaseEndedAt()).isPresent());
        assertSafe(world);
    }

    @Test
    void aCutOffHolderHearsLostOnItsOwnClockWithinItsGrantLease() {
        LeaseWorld world = started(3, 4);
        int leader = electedLeader(world);
        world.runUntil(world.now + SETTINGS.graceNanos() * 2);
        int holder = (leader + 1) % 3;
        world.command(holder, new MutexCommand.Acquire(1));
        world.runUntil(world.now + 500 * MS);
        assertThat(world.node(holder).inCriticalSection()).isTrue();
        world.partition(List.of(List.of(holder), List.of(leader, (leader + 2) % 3)));
        long cut = world.now;
        long cutLocal = world.localTime(holder);
        world.runUntil(cut + 2_000 * MS);
        long lost = world.firstOutput(holder, MutexOutput.Lost.class, cut);
        assertThat(lost).isLessThan(Long.MAX_VALUE);
        // Its last renewal that was answered left before the cut: its lease ends within L_grant (1 - rho) / (1 + rho)
        // - margin of the cut on its own clock.
        long lostLocal = cutLocal + (long) Math.ceil((lost - cut) * (1 + SETTINGS.rho()));
        assertThat(lostLocal - cutLocal).isLessThanOrEqualTo(SETTINGS.grantLeaseOnHolderClock() + 1);
        // Its grant lease ran out: the notice carries the reading at which it did, after the cut and not after the
        // notice.
        assertThat(world.outputsOf(holder, MutexOutput.Lost.class))
                .singleElement()
                .satisfies(l -> assertThat(l.leaseEndedAt())
                        .hasValueSatisfying(end -> assertThat(end).isBetween(cutLocal, lostLocal)));
        assertSafe(world);
    }

    @Test
    void twoLeadersNeverLeadOrGrantAtOnceAcrossAPartitionAndItsHealing() {
        LeaseWorld world = started(5, 5);
        int first = electedLeader(world);
        world.runUntil(world.now + SETTINGS.graceNanos() * 2);
        int oldSide = (first + 1) % 5;
        for (int i = 0; i < 5; i++) {
            world.command(i, new MutexCommand.Acquire(10 + i));
        }
        world.runUntil(world.now + 30 * MS);
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            if (i != first && i != oldSide) {
                rest.add(i);
            }
        }
        world.partition(List.of(List.of(first, oldSide), rest));
        world.runUntil(world.now + 3_000 * MS);
        int second = world.leaderNow();
        assertThat(second).as("the majority side elected another leader").isIn(rest);
        world.heal();
        world.runUntil(world.now + 3_000 * MS);
        assertThat(world.leads).as("two leaderships at least").hasSizeGreaterThanOrEqualTo(2);
        assertThat(world.holds).as("grants were held").isNotEmpty();
        assertSafe(world);
    }

    @Test
    void tokensStrictlyIncreaseAcrossThreeLeaderChanges() {
        LeaseWorld world = started(3, 6);
        long requestId = 1;
        List<Long> terms = new ArrayList<>();
        for (int change = 0; change < 4; change++) {
            int leader = electedLeader(world);
            terms.add(world.node(leader).term());
            world.runUntil(world.now + SETTINGS.graceNanos() + 100 * MS);
            for (int i = 0; i < 3; i++) {
                world.command(i, new MutexCommand.Acquire(requestId++));
            }
            for (int i = 0; i < 3; i++) {
                world.runUntil(world.now + 150 * MS);
                int holder = holder(world);
                if (holder >= 0) {
                    world.command(holder, new MutexCommand.Release(currentRequest(world, holder)));
                }
            }
            world.runUntil(world.now + 150 * MS);
            // Depose the leader: crash it (it restarts later on its stable storage) or cut it off, alternately.
            if (change % 2 == 0) {
                world.crash(leader);
                world.runUntil(world.now + 100 * MS);
                world.restart(leader);
            } else {
                List<Integer> others = new ArrayList<>(List.of(0, 1, 2));
                others.remove(Integer.valueOf(leader));
                world.partition(List.of(List.of(leader), others));
                world.runUntil(world.now + 1_500 * MS);
                world.heal();
            }
        }
        assertThat(terms).as("four leaders, each of a larger term").isSorted().doesNotHaveDuplicates();
        assertThat(world.entered.stream().map(t -> t >>> 32).distinct().count()).isGreaterThanOrEqualTo(4);
        assertThat(world.entered.size()).isGreaterThanOrEqualTo(8);
        assertSafe(world);
    }

    static int holder(LeaseWorld world) {
        for (int i = 0; i < world.ids.size(); i++) {
            if (world.up(i) && world.node(i).holdsAt(world.localTime(i))) {
                return i;
            }
        }
        return -1;
    }

    static long currentRequest(LeaseWorld world, int member) {
        List<MutexOutput.Granted> granted = world.outputsOf(member, MutexOutput.Granted.class);
        return granted.getLast().requestId();
    }

    @Test
    void followersAnnounceTheLeaderTheyHear() {
        LeaseWorld world = started(3, 7);
        int leader = electedLeader(world);
        world.runUntil(world.now + 200 * MS);
        for (int i = 0; i < 3; i++) {
            assertThat(world.outputsOf(i, LeaderElected.class))
                    .as("member %d", i)
                    .contains(new LeaderElected(
                            world.ids.get(leader), world.node(leader).term()));
            assertThat(world.node(i).coordinator()).contains(world.ids.get(leader));
        }
    }

    @Test
    void namedLocksAreHeldAtOnceByDifferentMembersAndForgottenWhenIdle() {
        LeaseWorld world = started(3, 4);
        electedLeader(world);
        world.runUntil(world.now + SETTINGS.graceNanos() * 2);
        for (int member = 0; member < 3; member++) {
            world.command(member, new NamedLocks.Command("orders/" + member, new MutexCommand.Acquire(10 + member)));
        }
        world.runUntil(world.now + 100 * MS);
        for (int member = 0; member < 3; member++) {
            assertThat(world.node(member).heldLocks())
                    .as("n%d holds its own name at the same time as the others", member + 1)
                    .containsExactly("orders/" + member);
        }
        long firstToken = world.node(0).fencingToken("orders/0");
        // Held through several renewals, then released: every member forgets every name.
        world.runUntil(world.now + 2 * SETTINGS.grantLeaseNanos());
        assertThat(world.node(0).fencingToken("orders/0")).isEqualTo(firstToken);
        for (int member = 0; member < 3; member++) {
            world.command(member, new NamedLocks.Command("orders/" + member, new MutexCommand.Release(10 + member)));
        }
        world.runUntil(world.now + 500 * MS);
        for (int member = 0; member < 3; member++) {
            assertThat(world.node(member).locksInMemory())
                    .as("n%d's locks in memory", member + 1)
                    .isZero();
        }
        // The same name again: a larger token, though the lock was forgotten in between.
        world.command(1, new NamedLocks.Command("orders/0", new MutexCommand.Acquire(20)));
        world.runUntil(world.now + 100 * MS);
        assertThat(world.node(1).fencingToken("orders/0")).isGreaterThan(firstToken);
        assertThat(world.outputs.stream().map(LeaseWorld.Output::output))
                .as("a named lock's outputs carry its name")
                .contains(new NamedLocks.Output(
                        "orders/0", new MutexOutput.Granted(20, world.node(1).fencingToken("orders/0"))))
                .noneMatch(o -> o instanceof MutexOutput);
        assertSafe(world);
    }
}
