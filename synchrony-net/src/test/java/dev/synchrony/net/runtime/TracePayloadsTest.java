package dev.synchrony.net.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import dev.synchrony.link.LinkMessage;
import dev.synchrony.multicast.AccountUpdate;
import dev.synchrony.multicast.MulticastCommand;
import dev.synchrony.multicast.TotalOrderMessage;
import dev.synchrony.mutex.CriticalSection;
import dev.synchrony.mutex.TokenRingMutex;
import dev.synchrony.net.codec.CodecException;
import dev.synchrony.net.codec.WireCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A trace file's payloads are rebuilt by a reader that knows nothing of the protocol but the names in the line. */
class TracePayloadsTest {

    @Test
    void messagesTimersCommandsAndOutputsAreRebuiltFromTheirRoots() {
        TracePayloads writer =
                new TracePayloads(WireCodec.of(LinkMessage.class, TotalOrderMessage.class, AccountUpdate.class));
        TracePayloads reader = new TracePayloads();
        List<Object> payloads = List.of(
                new LinkMessage.Data<>(
                        1,
                        0,
                        2,
                        3,
                        4_000_000,
                        TotalOrderMessage.Update.of(NodeId.of("n1"), 1, 5, new AccountUpdate.Deposit(250))),
                new TokenRingMutex.Timer.AckTimeout(0, 7),
                new MulticastCommand.Publish(new AccountUpdate.AddInterest(100)),
                new CriticalSection.Entered(4, 9, -1));
        for (Object payload : payloads) {
            TracePayloads.Encoded encoded = writer.encode(payload);
            assertThat(encoded).as("%s", payload).isNotNull();
            assertThat(reader.decode(encoded.roots(), encoded.base64())).isEqualTo(payload);
        }
        // Every timer of the node shares one codec: its sealed root, not the record, is what the line names.
        assertThat(writer.encode(new TokenRingMutex.Timer.AckTimeout(0, 8)).roots())
                .contains(TokenRingMutex.Timer.class.getName());
    }

    @Test
    void aRootOutsideTheProjectOrUnknownIsRefused() {
        TracePayloads reader = new TracePayloads();
        assertThatThrownBy(() -> reader.decode(List.of("java.util.ArrayList"), "AA=="))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("outside dev.synchrony.");
        assertThatThrownBy(() -> reader.decode(List.of("dev.synchrony.NoSuchType"), "AA=="))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown trace payload type");
        assertThatThrownBy(() -> reader.decode(List.of("dev.synchrony.core.Context"), "AA=="))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("neither a record, an enum nor sealed");
    }
}
