package dev.synchrony.net.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.link.LinkMessage;
import dev.synchrony.multicast.AccountUpdate;
import dev.synchrony.multicast.TotalOrderMessage;
import dev.synchrony.mutex.RicartAgrawalaMutex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every message type of every algorithm survives the wire, and no class name travels with it. */
class MessageRoundTripTest {

    private static byte[] encode(WireCodec codec, Object value) {
        ByteBuf buf = Unpooled.buffer();
        codec.write(buf, value);
        return ByteBufUtil.getBytes(buf);
    }

    @Test
    void everyAlgorithmOfTheCatalogHasACodecAndEveryNodeClassIsCovered() {
        Map<String, WireCodec> codecs = AlgorithmProtocols.codecs();
        assertThat(codecs.keySet()).containsAll(dev.synchrony.catalog.Catalog.names());
        assertThat(codecs.get("ricart-agrawala").registeredTypes())
                .contains(LinkMessage.Data.class, RicartAgrawalaMutex.Message.Request.class);
        // Every node class of core (found by listing its classes) has its messages registered by some algorithm.
        java.util.Set<Class<?>> registered = new java.util.HashSet<>();
        codecs.values().forEach(codec -> registered.addAll(codec.registeredTypes()));
        Map<String, Class<?>> roots = AlgorithmProtocols.messageRootsByNode();
        assertThat(roots)
                .containsEntry(RicartAgrawalaMutex.class.getName(), RicartAgrawalaMutex.Message.class)
                .hasSizeGreaterThanOrEqualTo(17);
        roots.forEach((node, root) -> assertThat(registered)
                .as("messages of %s", node)
                .containsAll(WireCodec.of(root).registeredTypes()));
    }

    @Test
    void everyMessageTypeOfEveryAlgorithmRoundTrips() {
        List<Map.Entry<Class<?>, WireCodec>> all = AlgorithmProtocols.everyMessageType();
        assertThat(all)
                .extracting(Map.Entry::getKey)
                .contains(
                        AccountUpdate.Deposit.class,
                        RicartAgrawalaMutex.Message.class.getPermittedSubclasses()[0]);
        int checked = 0;
        for (Map.Entry<Class<?>, WireCodec> entry : all) {
            WireCodec codec = entry.getValue();
            for (int variant = 0; variant < 4; variant++) {
                Object message = SampleValues.of(entry.getKey(), variant);
                byte[] bytes = encode(codec, message);
                Object back = codec.readAll(Unpooled.wrappedBuffer(bytes));
                assertThat(back)
                        .as("%s variant %d", entry.getKey().getName(), variant)
                        .hasSameClassAs(message)
                        .usingRecursiveComparison()
                        .isEqualTo(message);
                assertThat(encode(codec, back))
                        .as("re-encoded %s", entry.getKey().getName())
                        .isEqualTo(bytes);
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
                assertThat(text)
                        .as("class name on the wire")
                        .doesNotContain("dev.synchrony")
                        .doesNotContain(entry.getKey().getName());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(4 * 50);
    }

    @Test
    void aLinkWrappedRequestTravelsAsNumbersOnly() {
        WireCodec codec = WireCodec.of(LinkMessage.class, RicartAgrawalaMutex.Message.class);
        Object request = SampleValues.of(RicartAgrawalaMutex.Message.class.getPermittedSubclasses()[0], 1);
        LinkMessage.Data<Object> data = new LinkMessage.Data<>(7, 0, 9, 12, 1_500_000, request);
        byte[] bytes = encode(codec, data);
        assertThat(codec.readAll(Unpooled.wrappedBuffer(bytes))).isEqualTo(data);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                .doesNotContain("Request")
                .doesNotContain("Data");
    }

    @Test
    void aReplicatedAccountsCodecRegistersTheUpdatesItMulticasts() {
        var account =
                dev.synchrony.multicast.ReplicatedAccount.over(new dev.synchrony.multicast.TotalOrderMulticast(), 0);
        WireCodec codec = dev.synchrony.net.runtime.Protocols.codecFor(
                dev.synchrony.link.ReliableFifoLink.over(account, dev.synchrony.catalog.LinkPolicy.CAPPED));
        assertThat(codec.registeredTypes())
                .contains(AccountUpdate.Deposit.class, LinkMessage.Data.class, TotalOrderMessage.Update.class);
        var update = TotalOrderMessage.Update.of(NodeId.of("n1"), 1, 2, new AccountUpdate.Deposit(500));
        assertThat(codec.readAll(Unpooled.wrappedBuffer(encode(codec, update)))).isEqualTo(update);
    }
}
