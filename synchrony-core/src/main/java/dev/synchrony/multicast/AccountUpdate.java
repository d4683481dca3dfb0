package dev.synchrony.multicast;

/** An update to the lecture's replicated bank account. Amounts are in cents so every replica computes alike. */
public sealed interface AccountUpdate {

    /** The balance after this update is applied to {@code balanceCents}. */
    long applyTo(long balanceCents);

    /** Adds {@code amountCents} (the lecture's P1: "adds $100"). */
    record Deposit(long amountCents) implements AccountUpdate {
        @Override
        public long applyTo(long balanceCents) {
            return Math.addExact(balanceCents, amountCents);
        }

        @Override
        public String toString() {
            return "+" + ReplicatedAccount.dollars(amountCents);
        }
    }

    /**
     * Adds interest of {@code basisPoints}/100 percent, rounded down to the cent (the lecture's P2: "increments the
     * account by 1%", 100 basis points).
     */
    record AddInterest(long basisPoints) implements AccountUpdate {
        @Override
        public long applyTo(long balanceCents) {
            return Math.addExact(balanceCents, Math.floorDiv(Math.multiplyExact(balanceCents, basisPoints), 10_000L));
        }

        @Override
        public String toString() {
            return "+" + (basisPoints / 100)
                    + (basisPoints % 100 == 0 ? "" : "." + String.format("%02d", basisPoints % 100)) + "%";
        }
    }
}
