package io.atrack.sdk.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ConnectionPool} on its own, over real loopback connections (a server that accepts and
 * holds them), with a hand-driven clock for expiry.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectionPoolTest {

  private static final long KEEP_ALIVE = TimeUnit.SECONDS.toNanos(30);

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Watchdog watchdog = new Watchdog();
  private final Queue<Socket> accepted = new ConcurrentLinkedQueue<>();
  private final List<HttpConnection> opened = Collections.synchronizedList(new ArrayList<>());
  private ServerSocket server;
  private Thread acceptor;

  @BeforeEach
  void startServer() throws IOException {
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  accepted.add(server.accept());
                } catch (IOException e) {
                  return;
                }
              }
            },
            "pool-test-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (HttpConnection connection : opened) {
      connection.close();
    }
    server.close();
    for (Socket socket : accepted) {
      socket.close();
    }
    acceptor.join(5_000);
    watchdog.shutdown();
  }

  private ConnectionPool pool(int maxIdle) {
    return new ConnectionPool(maxIdle, KEEP_ALIVE, now::get);
  }

  private Route route(ConnectionPool pool) {
    return pool.route(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/event"));
  }

  private HttpConnection open(Route route) throws IOException {
    HttpConnection connection =
        HttpConnection.open(route, Proxy.NO_PROXY, TimeUnit.SECONDS.toNanos(5), null, watchdog);
    opened.add(connection);
    return connection;
  }

  /** The server's side of the {@code index}-th connection, once accepted. */
  private Socket serverSide(int index) {
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> accepted.size() > index);
    return new ArrayList<>(accepted).get(index);
  }

  @Test
  void handsOutMostRecentlyReleasedFirstAndEachOnlyOnce() throws IOException {
    ConnectionPool pool = pool(4);
    Route route = route(pool);
    HttpConnection a = open(route);
    HttpConnection b = open(route);
    pool.release(a);
    pool.release(b);

    assertThat(pool.take(route)).isSameAs(b);
    assertThat(pool.take(route)).isSameAs(a);
    assertThat(pool.take(route)).isNull();
    assertThat(pool.idleCount()).isZero();
  }

  @Test
  void closesConnectionsIdleLongerThanKeepAlive() throws IOException {
    ConnectionPool pool = pool(4);
    Route route = route(pool);
    HttpConnection old = open(route);
    pool.release(old);
    now.addAndGet(KEEP_ALIVE + 1);

    assertThat(pool.take(route)).isNull();
    assertThat(old.isClosed()).isTrue();
  }

  @Test
  void closesOldestExpiredConnectionWhenAnotherIsReleased() throws IOException {
    ConnectionPool pool = pool(4);
    Route route = route(pool);
    HttpConnection old = open(route);
    HttpConnection fresh = open(route);
    pool.release(old);
    now.addAndGet(KEEP_ALIVE + 1);

    pool.release(fresh);

    assertThat(old.isClosed()).isTrue();
    assertThat(pool.idleCount()).isEqualTo(1);
    assertThat(pool.take(route)).isSameAs(fresh);
  }

  @Test
  void dropsIdleConnectionWithBytesNobodyAskedFor() throws Exception {
    ConnectionPool pool = pool(4);
    Route route = route(pool);
    HttpConnection stray = open(route);
    HttpConnection clean = open(route);
    pool.release(clean);
    pool.release(stray); // taken first
    Socket strayServerSide = serverSide(0);
    strayServerSide.getOutputStream().write(RawServer.OK.getBytes(StandardCharsets.US_ASCII));
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(stray::hasUnreadInput);

    assertThat(pool.take(route)).isSameAs(clean);
    assertThat(stray.isClosed()).isTrue();
    assertThat(strayServerSide.getInputStream().read()).as("closed by the client").isEqualTo(-1);
  }

  @Test
  void keepsAtMostMaxIdleAndClosesTheRest() throws IOException {
    ConnectionPool pool = pool(2);
    Route route = route(pool);
    List<HttpConnection> connections = List.of(open(route), open(route), open(route));
    connections.forEach(pool::release);

    assertThat(pool.idleCount()).isEqualTo(2);
    assertThat(connections.get(2).isClosed()).isTrue();
    assertThat(connections.subList(0, 2)).noneMatch(HttpConnection::isClosed);
  }

  @Test
  void closeClosesIdleConnectionsAndThoseReleasedLater() throws IOException {
    ConnectionPool pool = pool(4);
    Route route = route(pool);
    HttpConnection idle = open(route);
    HttpConnection inUse = open(route);
    pool.release(idle);

    pool.close();
    pool.release(inUse);

    assertThat(idle.isClosed()).isTrue();
    assertThat(inUse.isClosed()).isTrue();
    assertThat(pool.take(route)).isNull();
    assertThat(pool.idleCount()).isZero();
  }

  /**
   * Threads taking and releasing a fixed set of connections as fast as they can: a connection is
   * never held by two threads at once, and when they stop every connection is back in the pool,
   * open, counted once.
   */
  @RepeatedTest(20)
  void neverHandsOutOneConnectionTwiceNorLosesOne() throws Exception {
    int connections = 6;
    int threads = 4;
    int rounds = 2_000;
    ConnectionPool pool = pool(connections);
    Route route = route(pool);
    Set<HttpConnection> all = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < connections; i++) {
      HttpConnection connection = open(route);
      all.add(connection);
      pool.release(connection);
    }
    Map<HttpConnection, Thread> holders = new ConcurrentHashMap<>();
    Queue<String> problems = new ConcurrentLinkedQueue<>();
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            executor.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < rounds; i++) {
                    @Nullable HttpConnection c = pool.take(route);
                    if (c == null) {
                      continue; // all busy: a real sender would open one
                    }
                    Thread other = holders.putIfAbsent(c, Thread.currentThread());
                    if (other != null) {
                      problems.add("handed to " + Thread.currentThread() + " held by " + other);
                    }
                    holders.remove(c, Thread.currentThread());
                    pool.release(c);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      executor.shutdownNow();
    }

    assertThat(problems).isEmpty();
    assertThat(pool.idleCount()).isEqualTo(connections);
    Set<HttpConnection> back = Collections.newSetFromMap(new IdentityHashMap<>());
    for (HttpConnection c; (c = pool.take(route)) != null; ) {
      assertThat(back.add(c)).as("taken once").isTrue();
    }
    assertThat(back).isEqualTo(all);
    assertThat(all).noneMatch(HttpConnection::isClosed);
  }

  /** {@code close()} racing releases: afterwards no connection is left open, none in the pool. */
  @RepeatedTest(20)
  void leavesNoConnectionOpenWhenCloseRacesReleases() throws Exception {
    int threads = 3;
    int perThread = 4;
    ConnectionPool pool = pool(threads * perThread);
    Route route = route(pool);
    List<HttpConnection> all = new ArrayList<>();
    for (int i = 0; i < threads * perThread; i++) {
      all.add(open(route));
    }
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<HttpConnection> mine = all.subList(t * perThread, (t + 1) * perThread);
        done.add(
            executor.submit(
                () -> {
                  start.await();
                  mine.forEach(pool::release);
                  return null;
                }));
      }
      start.await();
      pool.close();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      executor.shutdownNow();
    }

    assertThat(all).allMatch(HttpConnection::isClosed);
    assertThat(pool.take(route)).isNull();
    assertThat(pool.idleCount()).isZero();
  }
}
