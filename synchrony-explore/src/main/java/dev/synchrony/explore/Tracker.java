package dev.synchrony.explore;

/** Follows every send, timer and crash of a replayed path, to write the counterexample as a script. */
interface Tracker {
    void sent(int from, int to, Object message, int envelope, boolean droppedNow);

    void messageGone(int envelope, boolean delivered);

    void timerSet(int node, Object timer, int timerId);

    void timerGone(int timerId, boolean fired);

    void crashed(int node, boolean recovered);

    void commanded(int node, Object command);
}
