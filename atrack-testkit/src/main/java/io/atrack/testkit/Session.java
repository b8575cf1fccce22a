package io.atrack.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One listening period of a collector, from bind to stop: the JDK server, its threads, and the
 * replies waiting for a timer or forever. Stopping closes all of it, so a stopped collector holds
 * no thread and no connection.
 */
final class Session {
  interface Handler {
    void handle(Session session, HttpExchange exchange);
  }

  static final int THREADS = 64;
  private static final int BACKLOG = 1024;
  private static final Duration STOP_WAIT = Duration.ofSeconds(1);
  private static final AtomicInteger threadNumber = new AtomicInteger();
  private static final String NO_DELAY = "sun.net.httpserver.nodelay";

  static {
    // The JDK server leaves Nagle's algorithm on and writes a response's head and body
    // separately, so with the client's delayed ACK every keep-alive request waits about 40 ms
    // (measured: 45 ms instead of 0.5 ms). The JDK reads this property once, when its first
    // server starts; a test JVM that started another server before keeps the slow default.
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
  }

  private final HttpServer server;
  private final ThreadPoolExecutor pool;
  private final ScheduledThreadPoolExecutor timer;
  // Replies that are delayed or never answered: stop() closes their connections.
  private final Set<Reply> parked = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private Session(HttpServer server) {
    this.server = server;
    // Handlers never wait for a delay or a stall (those park the exchange and return), so 64
    // threads only ever block on socket I/O.
    this.pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> new Worker(r, "fake-collector-" + threadNumber.incrementAndGet()));
    pool.allowCoreThreadTimeOut(true);
    this.timer =
        new ScheduledThreadPoolExecutor(
            1, r -> new Worker(r, "fake-collector-timer-" + threadNumber.incrementAndGet()));
    timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * Binds {@code address} and starts serving. The JDK binds with {@code SO_REUSEADDR} (on
   * everything but Windows), so a stopped collector's port can be bound again at once even while
   * its old connections sit in TIME_WAIT.
   */
  static Session open(InetSocketAddress address, Handler handler) throws IOException {
    HttpServer server = HttpServer.create(address, BACKLOG);
    Session session = new Session(server);
    server.createContext("/", exchange -> handler.handle(session, exchange));
    server.setExecutor(session.pool);
    server.start();
    return session;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Answers now, later, or never, as the reply's response says. */
  void dispatch(Reply reply) {
    Response response = reply.response;
    if (response.kind() == Response.Kind.NO_ANSWER) {
      park(reply);
      return;
    }
    Duration delay = response.delayTime();
    if (delay.isZero()) {
      reply.send();
      return;
    }
    park(reply);
    try {
      // The task handles its own failures (execute() drops the reply), so nothing waits on this.
      Future<?> unused =
          timer.schedule(
              () -> execute(reply, () -> sendParked(reply)), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      reply.drop();
    }
  }

  /** Runs {@code task} on a server thread, or drops the reply when this session is closed. */
  void execute(Reply reply, Runnable task) {
    try {
      pool.execute(task);
    } catch (RejectedExecutionException e) {
      reply.drop();
    }
  }

  private void park(Reply reply) {
    parked.add(reply);
    // close() may have swept the set just before the add: then nobody else would drop it.
    if (closed) {
      reply.drop();
    }
  }

  private void sendParked(Reply reply) {
    parked.remove(reply);
    reply.send();
  }

  /**
   * Stops listening, closes every connection (waiting replies get no answer), and stops the
   * threads, waiting up to a second for running handlers unless called from one of them.
   */
  void close() {
    closed = true;
    // stop(0): no grace period. Parked replies would keep stop(n) waiting the full n seconds.
    server.stop(0);
    for (Reply reply : parked) {
      reply.drop();
    }
    parked.clear();
    timer.shutdownNow();
    pool.shutdownNow();
    if (!(Thread.currentThread() instanceof Worker)) {
      try {
        pool.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Daemon, like the rest of a test's helpers. (The JDK's own dispatcher thread is not, so a
   * collector nobody closes keeps a plain {@code main} alive; test runners exit anyway.)
   */
  private static final class Worker extends Thread {
    Worker(Runnable task, String name) {
      super(task, name);
      setDaemon(true);
    }
  }
}
