package dev.synchrony.generals;

/** What the two generals' messengers carry. */
public sealed interface GeneralsMessage {

    /**
     * The {@code round}-th message of the handshake: round 1 is the order ("attack at dawn"), round 2 its
     * acknowledgement, round 3 the acknowledgement of that, and so on. All copies of one round are equal.
     *
     * @param round the message's place in the handshake, from 1
     */
    record Messenger(int round) implements GeneralsMessage {
        @Override
        public String toString() {
            return round == 1 ? "Order" : round == 2 ? "Ack" : "Ack" + (round - 1);
        }
    }
}
