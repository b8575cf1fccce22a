package io.atrack.sdk.internal.delivery;

import io.atrack.sdk.ATrackException;
import io.atrack.sdk.ATrackRejectedException.Reason;
import io.atrack.sdk.DeliveryFailure;
import io.atrack.sdk.FailureListener;
import io.atrack.sdk.RequestKind;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What the engine tells about requests that did not make it: the rate-limited warnings, the failure
 * listener, the DEBUG line per attempt and the summary when close() gives up. Apart from the engine
 * so that every text an operator reads is in one place; the engine decides when to report (after
 * the request's future completes, never under a lock).
 */
final class FailureReporter {
  // The engine's logger name: operators (and tests) configure one logger for the whole delivery.
  private static final Logger log = System.getLogger(DeliveryEngine.class.getName());
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final DeliveryConfig config;
  private final FailureMessages messages;
  private final QueueBudget budget; // read for its bounds only, in the queue-full line
  private final boolean durable; // an outbox is the queue

  private final RateLimitedLog queueFullLog;
  private final RateLimitedLog failureLog;
  private final RateLimitedLog listenerLog;
  private final RateLimitedLog keyRefusedLog;
  private final RateLimitedLog closedLog;
  private final RateLimitedLog laneWorkLog;

  FailureReporter(
      DeliveryConfig config,
      FailureMessages messages,
      QueueBudget budget,
      boolean durable,
      LongSupplier ticker) {
    this.config = config;
    this.messages = messages;
    this.budget = budget;
    this.durable = durable;
    this.queueFullLog = warnings(ticker);
    this.failureLog = warnings(ticker);
    this.listenerLog = warnings(ticker);
    this.keyRefusedLog = warnings(ticker);
    this.closedLog = warnings(ticker);
    this.laneWorkLog = warnings(ticker);
  }

  private static RateLimitedLog warnings(LongSupplier ticker) {
    return new RateLimitedLog(log, Level.WARNING, LOG_INTERVAL_NANOS, ticker);
  }

  /**
   * A request rejected at the call ({@code why} as in its exception); its future failed already.
   */
  void rejected(RequestKind kind, String uuid, Reason reason, String why, ATrackException cause) {
    if (reason == Reason.CLOSED) {
      closedLog.log(
          n ->
              "Rejected "
                  + n
                  + " request(s): the A-Track client "
                  + config.maskedKey()
                  + " is closed (calls made after close() or after the JVM's shutdown hook"
                  + " closed it)");
    } else if (reason == Reason.QUEUE_FULL) {
      queueFullLog.log(
          n ->
              "Rejected "
                  + n
                  + " request(s): "
                  + (durable
                      ? why + "; the API has been unreachable or slower than the calls for long"
                      : "queue full (maxQueueSize="
                          + budget.maxRequests()
                          + ", maxQueueBytes="
                          + budget.maxBytes()
                          + "); the API is slower than the calls"));
    }
    notifyListener(config.outcomes().failure(kind, uuid, 0, 0, cause));
  }

  /** An accepted request that failed; its future failed already. */
  void failed(RequestKind kind, String uuid, int status, int attempts, ATrackException cause) {
    if (status == 401 || status == 403) {
      keyRefusedLog.log(
          n ->
              "The A-Track API refused the public key "
                  + config.maskedKey()
                  + " (HTTP "
                  + status
                  + ", "
                  + n
                  + " request(s)): check the key and the geo");
    } else {
      failureLog.log(n -> n + " request(s) not delivered; last: " + cause.getMessage());
    }
    notifyListener(config.outcomes().failure(kind, uuid, status, attempts, cause));
  }

  private void notifyListener(DeliveryFailure failure) {
    FailureListener listener = config.failureListener();
    if (listener == null) {
      return;
    }
    try {
      listener.onFailure(failure);
    } catch (RuntimeException e) {
      listenerLog.log(
          n ->
              "The failure listener threw ("
                  + n
                  + " time(s)); ignored: "
                  + messages.redactor().describe(e));
    }
  }

  /** A lane's work threw, which it must not; the request is sent anyway. */
  void laneWorkFailed(Throwable t) {
    laneWorkLog.log(n -> "Lane work failed unexpectedly (" + n + " time(s)); sending anyway: " + t);
  }

  /** One DEBUG line per attempt; nothing is built unless DEBUG is on (the hot path). */
  void attempt(OutboundRequest request, int attempt, int status, @Nullable IOException failure) {
    if (log.isLoggable(Level.DEBUG)) {
      String outcome = failure != null ? messages.redactor().describe(failure) : "HTTP " + status;
      log.log(
          Level.DEBUG,
          "POST "
              + request.kind().path()
              + " attempt "
              + attempt
              + " for user "
              + request.uuid()
              + ": "
              + outcome);
    }
  }

  /**
   * close() ended {@code notDelivered} requests after {@code timeoutNanos}; {@code jvmExiting}: the
   * line is logged so that it survives JUL's own shutdown reset.
   */
  void closedWithFailures(long notDelivered, long timeoutNanos, boolean jvmExiting) {
    String message =
        "Closed the A-Track client "
            + config.maskedKey()
            + " with "
            + notDelivered
            + " request(s) not delivered: still failing or unsent when closeTimeout ("
            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
            + " ms) ran out";
    if (jvmExiting) {
      ExitLog.warn(log, message);
    } else {
      log.log(Level.WARNING, message);
    }
  }

  /** close() left {@code left} requests in the outbox at {@code directory} for the next run. */
  void keptInOutbox(long left, Path directory) {
    log.log(
        Level.INFO,
        () ->
            "Closed the A-Track client "
                + config.maskedKey()
                + " with "
                + left
                + " request(s) not yet delivered kept in the outbox "
                + directory
                + ": the next client built on it delivers them");
  }

  /** Whatever the rate limit held back is reported now: the counts of all lines add up. */
  void flush() {
    queueFullLog.flush();
    failureLog.flush();
    keyRefusedLog.flush();
    listenerLog.flush();
    closedLog.flush();
  }
}
