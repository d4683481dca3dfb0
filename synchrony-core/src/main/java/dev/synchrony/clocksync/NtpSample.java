package dev.synchrony.clocksync;

/**
 * One NTP exchange: the four timestamps of the lecture's figure and what they give.
 *
 * <p>With T1 and T4 read on the client's clock and T2, T3 on the server's, the offset of the server's clock to
 * the client's is theta = ((T2 - T1) + (T3 - T4)) / 2 and the round-trip delay without the server's processing
 * is delta = (T4 - T1) - (T3 - T2). If the two legs of the trip took d1 and d2, the true offset lies in
 * theta +/- delta / 2: the estimate is exact when d1 = d2 and off by (d1 - d2) / 2 otherwise.
 *
 * @param t1 the client's clock when it sent the request
 * @param t2 the server's clock when the request arrived
 * @param t3 the server's clock when it sent the reply
 * @param t4 the client's clock when the reply arrived
 * @param offsetNanos theta, the server's clock minus the client's, as estimated
 * @param delayNanos delta, the round trip without the server's processing
 * @param takenNanos the client's clock when the sample was taken (T4), for its age
 */
public record NtpSample(long t1, long t2, long t3, long t4, long offsetNanos, long delayNanos, long takenNanos) {

    /**
     * The sample of one exchange: offset and delay computed from its four timestamps.
     *
     * @param t1 the client's clock when it sent the request
     * @param t2 the server's clock when the request arrived
     * @param t3 the server's clock when it sent the reply
     * @param t4 the client's clock when the reply arrived
     * @return the sample, taken at T4
     */
    public static NtpSample of(long t1, long t2, long t3, long t4) {
        // Halve each leg sum separately so that the sum of two large clock readings cannot overflow.
        long offset = Math.floorDiv((t2 - t1) + (t3 - t4), 2);
        long delay = (t4 - t1) - (t3 - t2);
        return new NtpSample(t1, t2, t3, t4, offset, delay, t4);
    }

    /**
     * This sample after the client corrected its clock by {@code correctionNanos}: the offset left is smaller.
     *
     * @param correctionNanos the correction applied to the client's clock
     * @return the sample with its offset reduced by it
     */
    public NtpSample corrected(long correctionNanos) {
        return new NtpSample(t1, t2, t3, t4, offsetNanos - correctionNanos, delayNanos, takenNanos);
    }
}
