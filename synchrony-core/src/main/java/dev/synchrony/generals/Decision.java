package dev.synchrony.generals;

/** Output of a general at dawn: whether it attacks. */
public record Decision(boolean attack) {
    @Override
    public String toString() {
        return attack ? "attack" : "retreat";
    }
}
