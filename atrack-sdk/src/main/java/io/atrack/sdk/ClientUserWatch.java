package io.atrack.sdk;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Notices the client-level current user being switched by several threads at once, the classic
 * server misuse ({@code init} then {@code track} on request threads without a request scope, so one
 * request's events go out under another's user), and warns once.
 *
 * <p>A switch counts when it comes from another thread than the previous switch, less than {@link
 * #WINDOW_NANOS} after it; {@link #THRESHOLD} such switches warn. A worker serving one user at a
 * time from one thread never counts. The cost is two volatile writes and a clock read per switch,
 * and only on the unscoped {@code init} path; after the warning, one volatile read.
 */
final class ClientUserWatch {
  static final int THRESHOLD = 8;
  static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final System.Logger log = System.getLogger(ATrack.class.getName());

  private final LongSupplier ticker;
  private final AtomicInteger crossings = new AtomicInteger();
  private final AtomicBoolean warned = new AtomicBoolean();
  private volatile long lastThreadId = -1;
  private volatile long lastNanos;

  ClientUserWatch() {
    this(System::nanoTime);
  }

  ClientUserWatch(LongSupplier ticker) {
    this.ticker = ticker;
  }

  /** Called after the client-level current user changed; returns whether it warned now. */
  boolean switched() {
    if (warned.get()) {
      return false;
    }
    long id = Thread.currentThread().getId();
    long now = ticker.getAsLong();
    long previousId = lastThreadId;
    long previousNanos = lastNanos;
    lastThreadId = id;
    lastNanos = now;
    if (previousId == -1 || previousId == id || now - previousNanos >= WINDOW_NANOS) {
      return false;
    }
    if (crossings.incrementAndGet() >= THRESHOLD && warned.compareAndSet(false, true)) {
      log.log(
          Level.WARNING,
          "The client-level current user is being switched by several threads at once: init()"
              + " outside a request scope sets the one current user every thread shares, so"
              + " events can go out under another user's uuid. In a server, open a request scope"
              + " per request (RequestContext.makeCurrent(), or the atrack-servlet filter) or pass"
              + " uuids explicitly (TrackRequest.builder(event).uuid(...)). Logged once.");
      return true;
    }
    return false;
  }

  boolean warned() {
    return warned.get();
  }
}
