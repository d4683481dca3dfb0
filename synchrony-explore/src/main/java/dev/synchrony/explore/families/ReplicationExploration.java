package dev.synchrony.explore.families;

import dev.synchrony.core.NodeId;
import dev.synchrony.explore.Exploration;
import dev.synchrony.explore.ExploreHarness;
import dev.synchrony.explore.ExploreWorkload;
import dev.synchrony.explore.LivenessGoal;
import dev.synchrony.explore.StateInvariant;
import dev.synchrony.multicast.AccountUpdate;
import dev.synchrony.multicast.MulticastCommand;
import dev.synchrony.multicast.ReplicatedAccount;
import dev.synchrony.sim.RunSetup;
import java.util.List;
import java.util.Map;

/** How the replication family (the bank account) is explored. */
public final class ReplicationExploration implements ExploreHarness {

    /**
     * Explored: once every replica has applied every update and nothing is in flight, the balances agree. True
     * with total order; the lecture's counterexample (deposit and interest applied in different orders) without.
     */
    @Override
    public List<StateInvariant> invariants(RunSetup setup) {
        return List.of(StateInvariant.of("replicas-agree", state -> {
            if (!state.networkIdle()) {
                return null;
            }
            int updates = state.members().size() >= 2 ? 2 : 1;
            Long balance = null;
            for (int i = 0; i < state.members().size(); i++) {
                if (!(state.node(i) instanceof ReplicatedAccount<?, ?> account)
                        || account.history().size() < updates) {
                    return null;
                }
                if (balance != null && balance != account.balanceCents()) {
                    return "with every update applied everywhere, "
                            + state.members().get(0) + " has "
                            + ReplicatedAccount.dollars(balance) + " but "
                            + state.members().get(i) + " has "
                            + ReplicatedAccount.dollars(account.balanceCents());
                }
                balance = account.balanceCents();
            }
            return null;
        }));
    }

    /** Explored as the lecture tells it: n1 deposits $100 while n2 adds 1% interest, over FIFO channels. */
    @Override
    public Exploration exploration(RunSetup setup) {
        List<NodeId> members = setup.members();
        ExploreWorkload workload = node -> {
            int index = members.indexOf(node);
            return index == 0
                    ? List.of(new MulticastCommand.Publish(new AccountUpdate.Deposit(10_000)))
                    : index == 1
                            ? List.of(new MulticastCommand.Publish(new AccountUpdate.AddInterest(100)))
                            : List.of();
        };
        LivenessGoal applied = new LivenessGoal("every-update-applied", state -> {
            for (int i = 0; i < state.members().size(); i++) {
                if (!(state.node(i) instanceof ReplicatedAccount<?, ?> account)
                        || account.history().size()
                                < Math.min(2, state.members().size())) {
                    return false;
                }
            }
            return true;
        });
        return Exploration.STANDARD
                .withFifo(true)
                .withWorkload(workload)
                .withGoals(List.of(applied))
                .withScriptFields(command -> {
                    if (command instanceof MulticastCommand.Publish publish) {
                        if (publish.payload() instanceof AccountUpdate.Deposit deposit) {
                            return Map.of("do", "deposit", "amount", deposit.amountCents() / 100.0);
                        }
                        if (publish.payload() instanceof AccountUpdate.AddInterest interest) {
                            return Map.of("do", "interest", "percent", interest.basisPoints() / 100.0);
                        }
                    }
                    return null;
                });
    }

    @Override
    public Map<String, String> explorationParams() {
        return Map.of("link", "raw");
    }
}
