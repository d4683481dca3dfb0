package dev.synchrony.net.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The lines one logger writes while a test runs (through logback's {@link ListAppender}), so a test can check
 * that the runtime said what went wrong. Close it to detach.
 */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(Class<?> source) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
    }

    public static CapturedLog of(Class<?> source) {
        return new CapturedLog(source);
    }

    /** Each event as "LEVEL message", oldest first. */
    public List<String> lines() {
        // ListAppender adds under AppenderBase's synchronized doAppend, that is under the appender's own monitor:
        // locking the list would not keep an event-loop thread from appending while this copies.
        synchronized (appender) {
            return appender.list.stream()
                    .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                    .toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
