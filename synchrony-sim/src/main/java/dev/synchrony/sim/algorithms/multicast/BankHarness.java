package dev.synchrony.sim.algorithms.multicast;

import dev.synchrony.catalog.MulticastEntries;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.multicast.AccountUpdate;
import dev.synchrony.multicast.MulticastCommand;
import dev.synchrony.multicast.ReplicatedAccount;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.Workload;
import dev.synchrony.sim.spec.Harness;
import dev.synchrony.sim.spec.ScriptFields;
import dev.synchrony.sim.spec.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The harness of the replication family, {@code bank}: the lecture's replicated account. Each process is a replica holding the account ($1000 unless
 * {@code --opening}); replicas publish deposits and interest payments, and apply every update their multicast
 * delivers. {@code --ordering} picks the multicast beneath: {@code none} (each replica applies its own update at
 * once and others' on arrival), {@code causal} or {@code total}. The summary shows every replica's balance.
 */
public final class BankHarness implements Harness {

    @Override
    public Workload workload(RunSetup setup) {
        double depositProbability = setup.params().probability("deposit-probability");
        return Workloads.poisson(
                setup.params().decimal("rate"), setup.params().probability("send-until"), (node, context) -> {
                    AccountUpdate update = context.random().nextDouble() < depositProbability
                            ? new AccountUpdate.Deposit(
                                    100L * (1 + context.random().nextInt(500)))
                            : new AccountUpdate.AddInterest(
                                    100L * (1 + context.random().nextInt(3)));
                    return new MulticastCommand.Publish(update);
                });
    }

    @Override
    public Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
        ScriptFields command = new ScriptFields(fields, setup);
        return switch (command.action()) {
            case "deposit" -> new MulticastCommand.Publish(new AccountUpdate.Deposit(cents(command, "amount")));
            case "interest" ->
                new MulticastCommand.Publish(
                        new AccountUpdate.AddInterest(Math.round(command.decimal("percent") * 100)));
            default -> throw command.unknownAction("deposit", "interest");
        };
    }

    private static long cents(ScriptFields command, String field) {
        double dollars = command.decimal(field);
        if (!(dollars >= 0) || dollars > 1e12) {
            throw new IllegalArgumentException("field '" + field + "': " + dollars + " is not an amount in dollars");
        }
        return Math.round(dollars * 100);
    }

    @Override
    public List<PropertyCheck> checks(RunSetup setup) {
        List<PropertyCheck> checks = new ArrayList<>();
        switch (MulticastEntries.ordering(setup.params())) {
            case TOTAL -> {
                checks.add(new MulticastChecks.TotalOrder());
                checks.add(new ReplicasAgree());
                checks.add(new MulticastChecks.CausalOrder());
            }
            case CAUSAL -> checks.add(new MulticastChecks.CausalOrder());
            case NONE -> {}
        }
        checks.add(new MulticastChecks.Integrity());
        return checks;
    }

    /** The replicas that are up at the end, by name. */
    static Map<NodeId, ReplicatedAccount<?, ?>> replicas(RunResult run) {
        Map<NodeId, ReplicatedAccount<?, ?>> replicas = new LinkedHashMap<>();
        for (int i = 0; i < run.finalNodes().size(); i++) {
            Node<?, ?, ?> node = run.finalNodes().get(i);
            if (node != null && LinkOptions.unwrap(node) instanceof ReplicatedAccount<?, ?> account) {
                replicas.put(run.trace().node(i), account);
            }
        }
        return replicas;
    }

    @Override
    public void summarize(RunResult run, Summary summary) {
        MulticastEntries.Ordering ordering =
                MulticastEntries.ordering(run.setup().params());
        Map<NodeId, ReplicatedAccount<?, ?>> replicas = replicas(run);
        Map<String, String> balances = new LinkedHashMap<>();
        int index = 1;
        for (Map.Entry<NodeId, ReplicatedAccount<?, ?>> entry : replicas.entrySet()) {
            ReplicatedAccount<?, ?> account = entry.getValue();
            summary.line(String.format(
                    Locale.ROOT,
                    "replica #%d (%s): %s after %d updates%s",
                    index++,
                    entry.getKey(),
                    ReplicatedAccount.dollars(account.balanceCents()),
                    account.history().size(),
                    account.history().size() <= 6 ? " " + account.history() : ""));
            balances.put(entry.getKey().name(), ReplicatedAccount.dollars(account.balanceCents()));
        }
        long distinctBalances = replicas.values().stream()
                .map(ReplicatedAccount::balanceCents)
                .distinct()
                .count();
        long distinctHistories = replicas.values().stream()
                .map(ReplicatedAccount::history)
                .distinct()
                .count();
        boolean agree = distinctBalances <= 1;
        summary.line("balances " + (agree ? "agree" : "DIFFER (" + distinctBalances + " different values)")
                + "; update histories "
                + (distinctHistories <= 1 ? "identical" : "differ (" + distinctHistories + " different orders)"));
        summary.line(explanation(ordering, agree, distinctHistories <= 1));
        summary.value("ordering", ordering.name().toLowerCase(Locale.ROOT))
                .value("balances", balances)
                .value("balancesAgree", agree)
                .value("historiesIdentical", distinctHistories <= 1);
        MulticastCost.summarize(run, summary, ordering);
    }

    static String explanation(MulticastEntries.Ordering ordering, boolean balancesAgree, boolean historiesAgree) {
        return switch (ordering) {
            case NONE ->
                balancesAgree
                        ? "why: without ordering each replica applies its own update first and others' as they arrive; "
                                + "the balances happen to agree in this run, but nothing makes them"
                        : "why: without ordering each replica applies its own update first and others' as they arrive; "
                                + "a deposit and an interest payment do not commute, so replicas that apply them in "
                                + "different orders diverge (the lecture's $1111 vs $1110)";
            case CAUSAL ->
                historiesAgree
                        ? "why: causal order only orders an update after those its issuer had applied; this run's replicas "
                                + "happened to apply concurrent updates in the same order, which causal order does not promise"
                        : "why: causal order only orders an update after those its issuer had applied; concurrent updates "
                                + "(neither issuer had seen the other's) may be applied in different orders, and since a "
                                + "deposit and an interest payment do not commute, balances "
                                + (balancesAgree
                                        ? "may differ (here they agree by chance: the reordered updates commuted)"
                                        : "differ");
            case TOTAL ->
                "why: total order makes every replica apply the same updates in the same (Lamport timestamp, "
                        + "sender) order, so replicas that applied everything agree";
        };
    }

    /** With total order, replicas that never crashed end with the same balance and the same update history. */
    static final class ReplicasAgree implements PropertyCheck {
        @Override
        public String name() {
            return "replicas-agree";
        }

        @Override
        public CheckResult check(RunResult run) {
            Map<NodeId, ReplicatedAccount<?, ?>> replicas = replicas(run);
            java.util.Set<Integer> neverCrashed = MulticastRuns.of(run.trace()).neverCrashed();
            ReplicatedAccount<?, ?> first = null;
            NodeId firstName = null;
            for (Map.Entry<NodeId, ReplicatedAccount<?, ?>> entry : replicas.entrySet()) {
                if (!neverCrashed.contains(run.trace().nodes().indexOf(entry.getKey()))) {
                    continue;
                }
                ReplicatedAccount<?, ?> account = entry.getValue();
                if (first == null) {
                    first = account;
                    firstName = entry.getKey();
                } else if (first.balanceCents() != account.balanceCents()
                        || !first.history().equals(account.history())) {
                    return CheckResult.violated(
                            name(),
                            firstName + " ends at " + ReplicatedAccount.dollars(first.balanceCents())
                                    + " after " + first.history().size() + " updates, " + entry.getKey() + " at "
                                    + ReplicatedAccount.dollars(account.balanceCents()) + " after "
                                    + account.history().size(),
                            List.of());
                }
            }
            return CheckResult.held(
                    name(),
                    "every replica ends at " + (first == null ? "-" : ReplicatedAccount.dollars(first.balanceCents()))
                            + " with the same history");
        }
    }
}
