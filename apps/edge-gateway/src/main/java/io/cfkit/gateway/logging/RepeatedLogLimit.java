package io.cfkit.gateway.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.spi.LocationAwareLogger;

/**
 * Lets through at most one warning or error of a kind per period (default one second), and then says how many of
 * that kind it held back. Under overload Zuul logs two or three lines for every failed or shed request (measured:
 * 134k lines in 15 s at 2,000 connections); the metrics count every request, the log only needs to show that it
 * happens and how often.
 *
 * <p>A kind is the logger, the level, the message's format (before its arguments are filled in) and the class of
 * the exception logged with it, if any. Debug and info lines (such as the request log) pass untouched.
 *
 * <p>A filter of the appender, not a turbo filter: logback asks a turbo filter before its level check, so every debug
 * call of ribbon and Zuul (all off) went through it (measured: 0.5 % of the gateway's CPU under load); an appender's
 * filter sees only the lines that are written.
 */
public class RepeatedLogLimit extends Filter<ILoggingEvent> {

    /** Marks the line that reports held-back lines; the filter lets it through. */
    static final Marker REPORT = MarkerFactory.getMarker("REPEATS");

    /** Kinds tracked at most; beyond (messages built without a format), lines pass untouched. */
    private static final int MAX_KINDS = 10_000;

    private static final String FQCN = RepeatedLogLimit.class.getName();

    private record Kind(String logger, Level level, String format, String exceptionClass) {}

    /** One kind's current period. */
    private static final class Period {
        final String logger;
        final Level level;
        final String format;
        long startedNanos;
        int heldBack;

        Period(String logger, Level level, String format, long startedNanos) {
            this.logger = logger;
            this.level = level;
            this.format = format;
            this.startedNanos = startedNanos;
        }
    }

    private final ConcurrentMap<Kind, Period> periods = new ConcurrentHashMap<>();
    private long periodMillis = 1000;
    private ScheduledExecutorService reporter;

    /** Set from logback.xml: {@code <periodMillis>1000</periodMillis>}. */
    public void setPeriodMillis(long periodMillis) {
        this.periodMillis = periodMillis;
    }

    @Override
    public void start() {
        if (periodMillis <= 0) {
            addError("periodMillis must be positive, is " + periodMillis);
            return;
        }
        reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "log-repeats");
            thread.setDaemon(true);
            return thread;
        });
        // Counts held back at the end of a burst are reported too, not only when the kind is logged again.
        reporter.scheduleWithFixedDelay(
                () -> reportHeldBack(false), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        // Logback stops an appender's filters with nothing: registered, this one reports and stops when the
        // configuration is reset or stopped.
        getContext().register(this);
        super.start();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        reporter.shutdownNow();
        reportHeldBack(true);
        super.stop();
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        String format = event.getMessage();
        Level level = event.getLevel();
        if (format == null || level.levelInt < Level.WARN_INT || isReport(event) || !isStarted()) {
            return FilterReply.NEUTRAL;
        }
        Kind kind = new Kind(event.getLoggerName(), level, format, exceptionClass(event.getThrowableProxy()));
        long now = System.nanoTime();
        Period period = periods.get(kind);
        if (period == null) {
            if (periods.size() >= MAX_KINDS) {
                return FilterReply.NEUTRAL;
            }
            period = periods.putIfAbsent(kind, new Period(event.getLoggerName(), level, format, now));
            if (period == null) {
                return FilterReply.NEUTRAL;
            }
        }
        int heldBack;
        synchronized (period) {
            if (now - period.startedNanos < TimeUnit.MILLISECONDS.toNanos(periodMillis)) {
                period.heldBack++;
                return FilterReply.DENY;
            }
            heldBack = period.heldBack;
            period.heldBack = 0;
            period.startedNanos = now;
        }
        if (heldBack > 0) {
            Period ended = period;
            int count = heldBack;
            // Not from here: this runs inside the appender, which drops a line its own thread logs while appending.
            try {
                reporter.execute(() -> report(ended, count));
            } catch (RejectedExecutionException stopping) {
                // The filter is stopping; held-back counts of ended periods are lost with it.
            }
        }
        return FilterReply.NEUTRAL;
    }

    /** Reports the counts of periods that have ended, or of all periods (when the filter stops). */
    private void reportHeldBack(boolean all) {
        long now = System.nanoTime();
        long periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        periods.values().removeIf(period -> {
            int heldBack;
            boolean idle;
            synchronized (period) {
                if (!all && now - period.startedNanos < periodNanos) {
                    return false;
                }
                heldBack = period.heldBack;
                period.heldBack = 0;
                // A kind that has been quiet for a minute is forgotten, so the map holds only recent kinds.
                idle = heldBack == 0 && now - period.startedNanos > 60 * periodNanos;
            }
            report(period, heldBack);
            return idle;
        });
    }

    private void report(Period period, int heldBack) {
        if (heldBack > 0) {
            LocationAwareLogger logger = ((LoggerContext) getContext()).getLogger(period.logger);
            logger.log(REPORT, FQCN, Level.toLocationAwareLoggerInteger(period.level),
                    "{} more like \"{}\" were not logged since the last one", new Object[] {heldBack, period.format}, null);
        }
    }

    private static boolean isReport(ILoggingEvent event) {
        return event.getMarkerList() != null && event.getMarkerList().contains(REPORT);
    }

    /** The class of the exception logged with a line (logback took it from the arguments, if it was the last). */
    private static String exceptionClass(IThrowableProxy thrown) {
        return thrown == null ? "" : thrown.getClassName();
    }
}
