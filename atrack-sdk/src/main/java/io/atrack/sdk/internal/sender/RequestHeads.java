package io.atrack.sdk.internal.sender;

import io.atrack.sdk.transport.TransportRequest;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A transport's encoded request heads, one per URI, kept while the request's headers map is the
 * same instance (the delivery engine reuses one, so the steady state encodes nothing); and the
 * request timeout as the transports take it. Thread-safe.
 */
final class RequestHeads {
  /** Bounds the cache for callers that vary URIs; the engine uses a handful. */
  private static final int MAX_CACHED = 64;

  private static final Duration MAX_TIMEOUT = Duration.ofDays(365);

  private final ConcurrentHashMap<URI, RequestHead> heads = new ConcurrentHashMap<>();
  private final Function<URI, Route> routes;

  /** Heads whose route {@code routes} gives (and validates: absolute http or https, a host). */
  RequestHeads(Function<URI, Route> routes) {
    this.routes = routes;
  }

  /**
   * The head of {@code request}.
   *
   * @throws IllegalArgumentException as {@link RequestHead#encode} and the route lookup
   */
  RequestHead of(TransportRequest request) {
    URI uri = request.uri();
    RequestHead head = heads.get(uri);
    // By identity: the engine reuses one headers map, so equals() would only cost time.
    if (head == null || head.headers != request.headers()) {
      if (heads.size() >= MAX_CACHED) {
        heads.clear();
      }
      head = RequestHead.encode(uri, request.headers(), routes.apply(uri));
      heads.put(uri, head);
    }
    return head;
  }

  /**
   * {@code timeout} in nanoseconds, capped at a year so that {@code nanoTime() + timeout} cannot
   * overflow (a year is "no timeout" enough).
   *
   * @throws IllegalArgumentException when not positive
   */
  static long timeoutNanos(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT.toNanos() : timeout.toNanos();
  }
}
