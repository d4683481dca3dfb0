package dev.synchrony.clocksync;

/** The NTP client's one timer: time to poll the server again. */
public enum NtpTimer {
    POLL
}
