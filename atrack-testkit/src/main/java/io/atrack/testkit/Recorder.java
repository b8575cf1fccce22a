package io.atrack.testkit;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The requests a collector received, in arrival order, and the tests waiting for them.
 *
 * <p>Lock-free on the recording side, since 64 server threads record at stress-test rates: a queue
 * for the requests, counters per path, and a list of waiters that is empty almost always.
 */
final class Recorder {
  private static final int SHOWN_ON_TIMEOUT = 10;

  private final ConcurrentLinkedQueue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> perPath = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  // Distinct client addresses of the current listening period. They are unique per open
  // connection; between periods they are folded into a count, because every connection closed
  // when the server stopped and a client port may be reused after that.
  private final Set<InetSocketAddress> liveConnections = ConcurrentHashMap.newKeySet();
  private final AtomicLong pastConnections = new AtomicLong();
  private volatile boolean keep = true;

  void record(RecordedRequest request, @Nullable InetSocketAddress client) {
    if (client != null) {
      liveConnections.add(client);
    }
    // Queue first, counters after: whoever sees a count of n finds at least n in the queue
    // (unless requests are not kept, and then the queue holds none to find).
    if (keep) {
      requests.add(request);
    }
    perPath.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
    total.incrementAndGet();
    // A waiter registers before it checks the counts, and we count before we look for waiters:
    // both are volatile accesses, so one of the two sides always sees the other.
    if (!waiters.isEmpty()) {
      for (Waiter w : waiters) {
        if (w.satisfied()) {
          w.latch.countDown();
        }
      }
    }
  }

  void keep(boolean keep) {
    this.keep = keep;
  }

  List<RecordedRequest> all() {
    return List.copyOf(requests);
  }

  List<RecordedRequest> byPath(String path) {
    List<RecordedRequest> matching = new ArrayList<>();
    for (RecordedRequest r : requests) {
      if (r.path().equals(path)) {
        matching.add(r);
      }
    }
    return List.copyOf(matching);
  }

  int count() {
    return total.get();
  }

  int count(@Nullable String path) {
    if (path == null) {
      return total.get();
    }
    AtomicInteger n = perPath.get(path);
    return n == null ? 0 : n.get();
  }

  /** Waits until {@code n} requests to {@code path} (null: any path) were recorded. */
  boolean await(@Nullable String path, int n, Duration timeout) {
    Waiter w = new Waiter(path, n);
    if (w.satisfied()) {
      return true;
    }
    waiters.add(w);
    try {
      return w.satisfied() || w.latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for requests", e);
    } finally {
      waiters.remove(w);
    }
  }

  /**
   * Like {@link #await}, but fails with a message that says what did arrive.
   *
   * @throws AssertionError on timeout
   */
  void awaitOrFail(@Nullable String path, int n, Duration timeout) {
    if (await(path, n, timeout)) {
      return;
    }
    // One snapshot for both numbers, so they agree even while requests keep arriving.
    List<RecordedRequest> all = all();
    List<RecordedRequest> arrived = new ArrayList<>(all);
    if (path != null) {
      arrived.removeIf(r -> !r.path().equals(path));
    }
    StringBuilder message = new StringBuilder("Expected at least ").append(n).append(" request(s)");
    if (path != null) {
      message.append(" to ").append(path);
    }
    message.append(" within ").append(timeout.toMillis()).append(" ms, but ");
    message.append(arrived.size()).append(" arrived");
    if (path != null) {
      message.append(" (").append(all.size()).append(" on all paths)");
    }
    for (RecordedRequest r : arrived.subList(0, Math.min(arrived.size(), SHOWN_ON_TIMEOUT))) {
      message.append("\n  ").append(r);
    }
    throw new AssertionError(message.toString());
  }

  long connections() {
    return pastConnections.get() + liveConnections.size();
  }

  /** The server stopped, closing every connection: fold them into the count. */
  void connectionsClosed() {
    pastConnections.addAndGet(liveConnections.size());
    liveConnections.clear();
  }

  void clear() {
    requests.clear();
    perPath.clear();
    total.set(0);
    liveConnections.clear();
    pastConnections.set(0);
  }

  private final class Waiter {
    final @Nullable String path;
    final int n;
    final CountDownLatch latch = new CountDownLatch(1);

    Waiter(@Nullable String path, int n) {
      this.path = path;
      this.n = n;
    }

    boolean satisfied() {
      return count(path) >= n;
    }
  }
}
