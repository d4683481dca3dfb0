package dev.synchrony.generals;

/**
 * Output of a general at dawn: whether it attacks.
 *
 * @param attack true when it attacks, false when it retreats
 */
public record Decision(boolean attack) {
    @Override
    public String toString() {
        return attack ? "attack" : "retreat";
    }
}
