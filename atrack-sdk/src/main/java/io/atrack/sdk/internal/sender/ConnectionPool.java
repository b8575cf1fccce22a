package io.atrack.sdk.internal.sender;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Idle keep-alive connections per {@link Route}, without locks.
 *
 * <p>Each route's deque is used as a stack: the most recently returned connection is handed out
 * first, which keeps the fewest connections busy and lets the others age out; connections idle
 * longer than the keep-alive are closed when met, at either end. There is no cleaner thread: an
 * expired connection still open until the next request only holds a socket the server has probably
 * closed already. The count of idle connections over all routes is kept near {@code maxIdle} with
 * an atomic counter (it may briefly exceed it by the number of racing threads).
 *
 * <p>A connection is handed out only if nothing waits on it ({@link
 * HttpConnection#hasUnreadInput()}): bytes that arrived while it was idle answer no request of
 * ours, and reading them as the next request's answer would report that request delivered although
 * the server never read it. Such a connection is closed instead.
 */
final class ConnectionPool {

  private static final System.Logger log = System.getLogger(ConnectionPool.class.getName());

  private final int maxIdle;
  private final long keepAliveNanos;
  private final AtomicInteger idleCount = new AtomicInteger();
  private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Reads {@link System#nanoTime()}; tests drive expiry with their own. */
  private final LongSupplier ticker;

  ConnectionPool(int maxIdle, long keepAliveNanos) {
    this(maxIdle, keepAliveNanos, System::nanoTime);
  }

  ConnectionPool(int maxIdle, long keepAliveNanos, LongSupplier ticker) {
    this.maxIdle = maxIdle;
    this.keepAliveNanos = keepAliveNanos;
    this.ticker = ticker;
  }

  /**
   * The route of {@code uri}, shared by every URI with the same scheme, host and port.
   *
   * @throws IllegalArgumentException unless {@code uri} is absolute http or https with a host
   */
  Route route(URI uri) {
    return routes.computeIfAbsent(Route.key(uri), key -> Route.of(uri));
  }

  /**
   * Takes the most recently used idle connection to {@code route} that is still fresh and has no
   * unread bytes, closing those met on the way that are not; null when there is none.
   */
  @Nullable HttpConnection take(Route route) {
    HttpConnection connection;
    while ((connection = route.idle.pollFirst()) != null) {
      idleCount.decrementAndGet();
      if (ticker.getAsLong() - connection.idleSince > keepAliveNanos) {
        connection.close();
      } else if (connection.hasUnreadInput()) {
        log.log(
            System.Logger.Level.DEBUG,
            () -> "Dropping an idle connection to " + route.origin + ": bytes nobody asked for");
        connection.close();
      } else {
        return connection;
      }
    }
    return null;
  }

  /** Idle connections over all routes, by the counter; for tests. */
  int idleCount() {
    return idleCount.get();
  }

  /** Keeps {@code connection} for reuse, or closes it when the pool is full or closed. */
  void release(HttpConnection connection) {
    if (closed) {
      connection.close();
      return;
    }
    long now = ticker.getAsLong();
    Route route = connection.route;
    closeOldestIfExpired(route, now);
    if (idleCount.incrementAndGet() > maxIdle) {
      idleCount.decrementAndGet();
      connection.close();
      return;
    }
    connection.idleSince = now;
    route.idle.offerFirst(connection);
    // close() may have drained this deque between our check and the offer.
    if (closed && route.idle.removeFirstOccurrence(connection)) {
      idleCount.decrementAndGet();
      connection.close();
    }
  }

  private void closeOldestIfExpired(Route route, long now) {
    HttpConnection oldest = route.idle.peekLast();
    if (oldest != null
        && now - oldest.idleSince > keepAliveNanos
        && route.idle.removeLastOccurrence(oldest)) {
      idleCount.decrementAndGet();
      oldest.close();
    }
  }

  /** Closes every idle connection; connections in use are closed when released. Idempotent. */
  void close() {
    closed = true;
    for (Route route : routes.values()) {
      HttpConnection connection;
      while ((connection = route.idle.pollFirst()) != null) {
        idleCount.decrementAndGet();
        connection.close();
      }
    }
  }
}
