package dev.synchrony.mutex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedLocksTest {

    private static final List<NodeId> MEMBERS = NodeId.range(3);

    /** Three nodes and a FIFO network between them, pumped by hand until quiet. */
    private final Map<NodeId, NamedLocks> nodes = new LinkedHashMap<>();

    private final Map<NodeId, RecordingContext<NamedLocks.Message, dev.synchrony.core.NoTimer>> contexts =
            new LinkedHashMap<>();
    private final List<NamedLocks.Output> outputs = new ArrayList<>();

    NamedLocksTest() {
        for (NodeId id : MEMBERS) {
            nodes.put(id, new NamedLocks());
            contexts.put(id, new RecordingContext<>(id.name(), MEMBERS));
            nodes.get(id).onStart(contexts.get(id));
        }
    }

    private void command(NodeId at, String name, MutexCommand command) {
        nodes.get(at).onCommand(new NamedLocks.Command(name, command), contexts.get(at));
        pump();
    }

    private void pump() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (NodeId from : MEMBERS) {
                var context = contexts.get(from);
                context.delivered.forEach(o -> outputs.add((NamedLocks.Output) o));
                context.delivered.clear();
                List<RecordingContext.Sent<NamedLocks.Message>> sent = new ArrayList<>(context.sent);
                context.sent.clear();
                for (var message : sent) {
                    nodes.get(message.to()).onMessage(from, message.message(), contexts.get(message.to()));
                    moved = true;
                }
            }
        }
    }

    private long lastToken(String name) {
        for (int i = outputs.size() - 1; i >= 0; i--) {
            if (outputs.get(i).name().equals(name) && outputs.get(i).output() instanceof MutexOutput.Granted granted) {
                return granted.fencingToken();
            }
        }
        throw new AssertionError("no grant of " + name + " in " + outputs);
    }

    private int inMemory() {
        return nodes.values().stream().mapToInt(NamedLocks::locksInMemory).sum();
    }

    @Test
    void aReleasedLockIsDroppedEverywhereAndItsTokensKeepIncreasingWhenItComesBack() {
        NodeId n1 = MEMBERS.get(0);
        NodeId n2 = MEMBERS.get(1);
        NodeId coordinator = NamedLocks.coordinatorOf("orders/42", MEMBERS);
        command(n1, "orders/42", new MutexCommand.Acquire(1));
        long first = lastToken("orders/42");
        assertThat(inMemory())
                .as("held: the requester and the coordinator remember it")
                .isPositive();
        command(n1, "orders/42", new MutexCommand.Release(1));
        assertThat(inMemory()).as("released: nothing to remember anywhere").isZero();
        assertThat(nodes.get(coordinator).tokenFloor()).isEqualTo(first);

        command(n2, "orders/42", new MutexCommand.Acquire(7));
        assertThat(lastToken("orders/42")).isGreaterThan(first);
        assertThat(outputs.getLast())
                .isEqualTo(new NamedLocks.Output("orders/42", new MutexOutput.Granted(7, lastToken("orders/42"))));
    }

    @Test
    void namesAreIndependentLocks() {
        NodeId n1 = MEMBERS.get(0);
        NodeId n3 = MEMBERS.get(2);
        command(n1, "a", new MutexCommand.Acquire(1));
        command(n3, "b", new MutexCommand.Acquire(1));
        assertThat(outputs).extracting(NamedLocks.Output::name).containsExactly("a", "b");
        command(n3, "a", new MutexCommand.Acquire(2));
        assertThat(outputs).as("a is held by n1: n3 waits").hasSize(2);
        command(n1, "a", new MutexCommand.Release(1));
        assertThat(outputs.getLast().name()).isEqualTo("a");
        assertThat(outputs.getLast().output()).isInstanceOf(MutexOutput.Granted.class);
    }

    @Test
    void copiesAreEqualAndIndependentAndEmptyNamesAreRefused() {
        NodeId n1 = MEMBERS.get(0);
        command(n1, "a", new MutexCommand.Acquire(1));
        NamedLocks copy = nodes.get(n1).copy();
        assertThat(copy).isEqualTo(nodes.get(n1)).hasSameHashCodeAs(nodes.get(n1));
        command(n1, "a", new MutexCommand.Release(1));
        assertThat(copy).isNotEqualTo(nodes.get(n1));
        assertThat(copy.locksInMemory()).isEqualTo(1);
        assertThatThrownBy(() -> new NamedLocks.Command("", new MutexCommand.Acquire(1)))
                .hasMessage("a lock name must not be empty");
    }
}
