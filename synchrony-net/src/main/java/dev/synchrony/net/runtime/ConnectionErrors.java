package dev.synchrony.net.runtime;

import dev.synchrony.net.codec.CodecException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;

/**
 * How every handler of a member's connections ends a connection that went wrong: one logged line naming the
 * connection and the reason, the bad-frame counter, and a close of that one connection only, so the member keeps
 * serving the others. Before the peer is proved, these lines go through {@link MemberLog#refusal}, which
 * rate-limits them: anyone can open connections and send garbage, and that must not flood the log.
 */
final class ConnectionErrors {

    private final LinkCounters counters;
    private final MemberLog log;

    ConnectionErrors(LinkCounters counters, MemberLog log) {
        this.counters = counters;
        this.log = log;
    }

    MemberLog log() {
        return log;
    }

    LinkCounters counters() {
        return counters;
    }

    /** A frame that could not be read: {@code where} is "connection from ADDRESS (claims ID)" or "link to ID". */
    void malformed(ChannelHandlerContext context, String where, CodecException e, boolean proved) {
        counters.badFrames.incrementAndGet();
        line(proved, "closing " + where + ": malformed frame: " + e.getMessage());
        context.close();
    }

    /** An exception from the pipeline: an over-long or corrupt length prefix is a bad frame; I/O errors are quiet. */
    void caught(ChannelHandlerContext context, String where, Throwable cause, boolean proved) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof TooLongFrameException || root instanceof CorruptedFrameException) {
            counters.badFrames.incrementAndGet();
            line(
                    proved,
                    "closing " + where + ": " + root.getMessage() + " (limit " + Frames.limit(context.pipeline())
                            + " bytes)");
        } else if (!(root instanceof IOException)) {
            line(proved, "closing " + where + ": " + root);
        }
        context.close();
    }

    private void line(boolean proved, String text) {
        if (proved) {
            log.info(text);
        } else {
            log.refusal(text);
        }
    }
}
