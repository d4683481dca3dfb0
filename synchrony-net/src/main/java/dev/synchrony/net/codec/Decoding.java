package dev.synchrony.net.codec;

/**
 * The limits of decoding one frame: how deep values nest, and how much memory the values built from it may take.
 * Counts checked against the bytes left stop a frame from claiming more elements than it holds, but a Java object
 * costs far more than its few encoded bytes (a one-letter process id is 2 bytes on the wire and about 70 on the
 * heap); so every codec charges an estimate of what it allocates, and a frame whose values would pass
 * {@link #BYTES_PER_FRAME_BYTE} times its size (and at least {@link #FLOOR_BYTES}) fails instead of being built.
 */
final class Decoding {

    /** Heap bytes a frame may cost per byte it holds: well above any real message's cost (below 20). */
    static final int BYTES_PER_FRAME_BYTE = 32;
    /** What any frame may cost, however small: a few kilobytes of records never fail. */
    static final long FLOOR_BYTES = 64 * 1024;
    /** How deep records, collections and open values may nest; deeper frames are refused, not recursed into. */
    static final int MAX_DEPTH = 64;

    /** Estimated heap bytes of an object header, and of each reference or boxed value in it. */
    static final int OBJECT = 16;

    static final int REFERENCE = 4;

    private final long limit;
    private long charged;
    private int depth;

    private Decoding(long limit) {
        this.limit = limit;
    }

    /** The limits for a frame of {@code frameBytes}. */
    static Decoding ofFrame(int frameBytes) {
        return new Decoding(Math.max(FLOOR_BYTES, (long) BYTES_PER_FRAME_BYTE * frameBytes));
    }

    /** Records that {@code bytes} of heap are about to be allocated for {@code what}, or fails the frame. */
    void charge(long bytes, String what) {
        charged += bytes;
        if (charged > limit) {
            throw new CodecException("frame too costly to decode: " + what + " would bring its values to over " + limit
                    + " bytes of memory");
        }
    }

    /** One level deeper (a record, collection or open value); fails the frame past {@link #MAX_DEPTH}. */
    void enter() {
        if (++depth > MAX_DEPTH) {
            throw new CodecException("value nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    void leave() {
        depth--;
    }

    long charged() {
        return charged;
    }
}
