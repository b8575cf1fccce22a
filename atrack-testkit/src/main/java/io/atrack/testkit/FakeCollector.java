package io.atrack.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A fake A-Track collector: a real HTTP/1.1 server on {@code 127.0.0.1} that records every request
 * and answers as the test scripts it. Point a client at {@link #baseUrl()}, then assert on {@link
 * #requests(String)}:
 *
 * <pre>{@code
 * try (FakeCollector collector = FakeCollector.start()) {
 *   collector.respond(503, 200);       // first request 503, second 200, then the default
 *   ... send two events to collector.baseUrl() ...
 *   List<RecordedRequest> events = collector.awaitRequests("/event", 2, Duration.ofSeconds(5));
 *   assertThat(events.get(0).body()).containsEntry("event", "signup");
 * }
 * }</pre>
 *
 * <p>Any method and path is accepted and recorded. Each request is recorded before its response is
 * chosen, so dropped and unanswered requests are recorded too. The response comes from the script
 * ({@link #respond(Response...)}), else the responder ({@link #respondWith(Function)}), else the
 * default ({@link #defaultResponse(Response)}, {@code 200 {"ok":true}} unless set).
 *
 * <p>Paths given to {@link #route(String, HttpHandler)} are served by their own handler instead:
 * neither recorded nor scripted, for a page or an API beside the collector.
 *
 * <p>Thread-safe: every method may be called from any thread while requests arrive. The server
 * serves many keep-alive connections on 64 daemon threads named {@code fake-collector-N}; delays,
 * {@link #stall()} and {@link Response#noAnswer()} hold no thread. Close it (or use {@link
 * FakeCollectorExtension}) to free the port and the threads.
 *
 * <p>The first collector of a JVM sets the system property {@code sun.net.httpserver.nodelay} to
 * {@code true} unless it is set already: the JDK's server otherwise makes every keep-alive request
 * wait about 40 ms for a delayed ACK. A JVM that ran another JDK {@code HttpServer} first keeps
 * that slow default (set the property with {@code -D} then).
 *
 * <p>Not designed for extension: its constructor is package-private, for {@link
 * FakeCollectorExtension} only.
 */
public class FakeCollector implements AutoCloseable {
  private static final System.Logger log = System.getLogger(FakeCollector.class.getName());
  private static final InetAddress LOOPBACK = loopback();

  private final Recorder recorder = new Recorder();
  private final InetAddress host;
  private final CopyOnWriteArrayList<Route> routes = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Response> script = new ConcurrentLinkedQueue<>();
  private volatile @Nullable Function<RecordedRequest, Response> responder;
  private volatile Response defaultResponse = Response.ok();

  private final Object stallLock = new Object();
  private volatile boolean stalled; // written under stallLock
  private List<Reply> held = new ArrayList<>(); // guarded by stallLock

  private final Object lifecycle = new Object();
  private volatile int port; // the requested port until the first bind, then the bound one
  private @Nullable Session session; // guarded by lifecycle; null while stopped
  private boolean closed; // guarded by lifecycle

  /**
   * Does not bind yet: {@link #listen()} does, after construction, so {@code this} never escapes.
   */
  FakeCollector(int port) {
    this(LOOPBACK, port);
  }

  private FakeCollector(InetAddress host, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "port must be in 0..65535 (0: any free port), was " + port);
    }
    this.host = host;
    this.port = port;
  }

  /**
   * Starts a collector on {@code 127.0.0.1} on a free port chosen by the system.
   *
   * @return the running collector; close it when done
   * @throws UncheckedIOException when no port can be bound
   */
  public static FakeCollector start() {
    return start(0);
  }

  /**
   * Starts a collector on {@code 127.0.0.1:port}; {@code 0} picks a free port, like {@link
   * #start()}.
   *
   * @param port the port to listen on, or {@code 0} for a free one
   * @return the running collector; close it when done
   * @throws IllegalArgumentException when {@code port} is not in 0..65535
   * @throws UncheckedIOException when the port cannot be bound, for example because it is taken
   */
  public static FakeCollector start(int port) {
    FakeCollector collector = new FakeCollector(port);
    collector.listen();
    return collector;
  }

  /**
   * Starts a collector on {@code host:port}, for a collector that other machines or containers must
   * reach (a development tool, say); tests should stay on loopback with {@link #start(int)}. {@code
   * 0.0.0.0} or {@code ::} listen on every interface.
   *
   * @param host the address to bind
   * @param port the port, or {@code 0} for any free port
   * @return the started collector
   * @throws IllegalArgumentException when {@code port} is not in 0..65535
   * @throws UncheckedIOException when the address cannot be bound
   */
  public static FakeCollector start(InetAddress host, int port) {
    FakeCollector collector = new FakeCollector(Objects.requireNonNull(host, "host"), port);
    collector.listen();
    return collector;
  }

  /**
   * The collector's base URL, {@code http://127.0.0.1:<port>} with no trailing slash: give it to
   * the client as is, so {@code /event} is appended to it. It stays the same across {@link #stop()}
   * and {@link #restart()}. A collector started on another address names that address ({@code
   * http://[::1]:<port>} for IPv6).
   *
   * @return the base URL, for example {@code http://127.0.0.1:54321}
   */
  public URI baseUrl() {
    String literal = host.getHostAddress();
    if (host instanceof Inet6Address) {
      literal = "[" + literal.replace("%", "%25") + "]";
    }
    return URI.create("http://" + literal + ":" + port);
  }

  /**
   * The port the collector listens on; the same across {@link #stop()} and {@link #restart()}.
   *
   * @return the port, 1 to 65535
   */
  public int port() {
    return port;
  }

  /**
   * Whether the collector is listening: true from start until {@link #stop()} or {@link #close()}.
   *
   * @return whether the collector accepts connections now
   */
  public boolean isRunning() {
    synchronized (lifecycle) {
      return session != null;
    }
  }

  /**
   * A snapshot of every recorded request, all paths, in arrival order.
   *
   * @return the requests, a copy that later requests do not change
   */
  public List<RecordedRequest> requests() {
    return recorder.all();
  }

  /**
   * A snapshot of the recorded requests to {@code path} (exact match, no query), for example {@code
   * "/event"}.
   *
   * @param path the request path, for example {@code "/event"}
   * @return the requests to {@code path}, a copy that later requests do not change
   */
  public List<RecordedRequest> requests(String path) {
    Objects.requireNonNull(path, "path");
    return recorder.byPath(path);
  }

  /**
   * How many requests were recorded on all paths; cheap enough to poll.
   *
   * @return the number of requests recorded since start or {@link #reset()}
   */
  public int requestCount() {
    return recorder.count();
  }

  /**
   * Waits until at least {@code n} requests (all paths) were recorded and returns a snapshot of all
   * of them, which may hold more than {@code n}. Wakes as soon as the n-th request is recorded;
   * returns at once when it already was.
   *
   * @param n how many requests to wait for, 1 or more
   * @param timeout the longest to wait
   * @return every request recorded so far, at least {@code n}
   * @throws AssertionError when fewer than {@code n} arrived within {@code timeout}; the message
   *     says how many did and shows the first few
   * @throws IllegalArgumentException when {@code n} or {@code timeout} is negative
   */
  public List<RecordedRequest> awaitRequests(int n, Duration timeout) {
    await(null, n, timeout);
    return requests();
  }

  /**
   * Waits until at least {@code n} requests to {@code path} were recorded and returns a snapshot of
   * those requests, like {@link #awaitRequests(int, Duration)}.
   *
   * @param path the request path, for example {@code "/event"}
   * @param n how many requests to {@code path} to wait for, 1 or more
   * @param timeout the longest to wait
   * @return every request to {@code path} recorded so far, at least {@code n}
   * @throws AssertionError when fewer than {@code n} arrived within {@code timeout}
   * @throws IllegalArgumentException when {@code n} or {@code timeout} is negative
   */
  public List<RecordedRequest> awaitRequests(String path, int n, Duration timeout) {
    Objects.requireNonNull(path, "path");
    await(path, n, timeout);
    return requests(path);
  }

  private void await(@Nullable String path, int n, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (n < 0 || timeout.isNegative()) {
      throw new IllegalArgumentException(
          "n and timeout must not be negative, were " + n + " and " + timeout);
    }
    recorder.awaitOrFail(path, n, timeout);
  }

  /**
   * Answers the next requests with these statuses, one each in arrival order, then goes back to the
   * responder or default; {@code respond(503, 503, 200)} fails twice, then succeeds. Appends to
   * what is left of the script. Bodies are the defaults of {@link Response#status(int)}.
   *
   * @param statuses HTTP status codes, 100 to 599, in the order the requests are to get them
   * @throws IllegalArgumentException when a status is not in 200..599 (nothing is added then)
   */
  public void respond(int... statuses) {
    Response[] responses = new Response[statuses.length];
    for (int i = 0; i < statuses.length; i++) {
      responses[i] = Response.status(statuses[i]);
    }
    respond(responses);
  }

  /**
   * Answers the next requests with these responses, one each in arrival order, then goes back to
   * the responder or default. Appends to what is left of the script; the script is consumed before
   * a request is held by {@link #stall()}.
   *
   * @param responses the answers, in the order the requests are to get them
   */
  public void respond(Response... responses) {
    for (Response r : responses) {
      Objects.requireNonNull(r, "responses must not contain null");
    }
    script.addAll(List.of(responses));
  }

  /**
   * Chooses the response of every request the script does not answer, replacing any earlier
   * responder; for example random faults: {@code r -> random.nextInt(10) == 0 ?
   * Response.status(503) : Response.ok()}. Called on server threads, concurrently, so it must be
   * thread-safe and should be quick. Returning null means the {@linkplain #defaultResponse
   * default}; if it throws, the request is answered 500 and the exception logged.
   *
   * @param responder picks the response from the recorded request; called on server threads
   */
  public void respondWith(Function<RecordedRequest, Response> responder) {
    this.responder = Objects.requireNonNull(responder, "responder");
  }

  /**
   * The response when neither the script nor a responder decides; {@link Response#ok()} by default.
   *
   * @param response the answer to give when nothing else decides
   */
  public void defaultResponse(Response response) {
    this.defaultResponse = Objects.requireNonNull(response, "response");
  }

  /**
   * From now on, holds every request after recording it, with no answer, until {@link #resume()};
   * held requests hold no thread. {@link #stop()} and {@link #close()} drop them (their connections
   * close unanswered). Lasts across {@link #restart()}; undone only by {@link #resume()}.
   */
  public void stall() {
    synchronized (stallLock) {
      stalled = true;
    }
  }

  /**
   * Stops stalling and releases the held requests, in arrival order; each then gets the response
   * chosen for it on arrival (delays count from now). Returns at once: answers go out on server
   * threads. Does nothing when not stalled.
   */
  public void resume() {
    List<Reply> released;
    synchronized (stallLock) {
      stalled = false;
      released = held;
      held = new ArrayList<>();
    }
    for (Reply r : released) {
      r.session.execute(r, () -> r.session.dispatch(r));
    }
  }

  /**
   * Stops listening: later connections are refused, open ones (idle keep-alive ones too) are
   * closed, and requests held by {@link #stall()}, a delay or {@link Response#noAnswer()} are
   * dropped without an answer. Waits up to a second for requests being handled, so nothing is
   * recorded after it returns. Recorded requests and scripts are kept. Does nothing when stopped.
   */
  public void stop() {
    synchronized (lifecycle) {
      Session s = session;
      if (s == null) {
        return;
      }
      session = null;
      s.close();
      List<Reply> dropped;
      synchronized (stallLock) {
        dropped = held;
        held = new ArrayList<>();
      }
      dropped.forEach(Reply::drop);
      recorder.connectionsClosed();
    }
  }

  /**
   * Listens again on the same port, after a {@link #stop()} (when running, stops first): for
   * "collector down, then back" tests. Recorded requests, scripts and the stall are kept. The port
   * is rebound at once even while old connections linger in TIME_WAIT.
   *
   * @throws IllegalStateException after {@link #close()}
   * @throws UncheckedIOException when the port was taken by someone else meanwhile
   */
  public void restart() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("collector on port " + port + " is closed");
      }
      stop();
      listen();
    }
  }

  /**
   * Serves {@code path} with {@code handler} instead of recording and scripting it: a page, an API
   * or an event stream beside the collector. {@code path} is an exact path ({@code "/"}, {@code
   * "/health"}) or a prefix ending in {@code "/*"} ({@code "/api/*"} serves {@code /api/users} and
   * {@code /api/}, not {@code /api}); paths are compared undecoded, without the query. The first
   * matching route wins, in the order they were added; routes last across {@link #restart()}.
   *
   * <p>The handler runs on a server thread and owns the exchange: it reads the request, answers and
   * closes the exchange (or keeps it open to stream, which holds no server thread once it returns).
   * An exception it throws closes the connection; a {@code RuntimeException} is also logged.
   * Neither the script, the stall nor the responder applies to routed requests.
   *
   * @param path an exact path, or a prefix ending in {@code "/*"}
   * @param handler serves the matching requests
   * @throws IllegalArgumentException when {@code path} does not start with {@code "/"}
   */
  public void route(String path, HttpHandler handler) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with \"/\", was " + path);
    }
    routes.add(new Route(path, handler));
  }

  /**
   * Whether recorded requests are kept for {@link #requests()} and the waits; {@code true} by
   * default. A long-running collector that stores requests elsewhere turns it off, so its memory
   * stays flat: requests are still counted ({@link #requestCount()}, and {@link #awaitRequests(int,
   * Duration)} still wakes on the count) but no longer returned. Applies to requests arriving after
   * the call.
   *
   * @param keep {@code false} to count requests without keeping them
   */
  public void keepRequests(boolean keep) {
    recorder.keep(keep);
  }

  /**
   * Forgets the recorded requests, the script, the responder, the default response and the
   * connection count. Does not stop, start, stall or resume. Meant for between phases of a test,
   * when no request is in flight; requests arriving meanwhile may or may not be forgotten.
   */
  public void reset() {
    script.clear();
    responder = null;
    defaultResponse = Response.ok();
    recorder.clear();
  }

  /**
   * How many client connections carried at least one request since start or {@link #reset()}; to
   * check that a client reuses keep-alive connections. The JDK server does not report accepted
   * connections, so this counts distinct client addresses (host and port) per listening period: a
   * connection that is opened but never sends a request is not counted.
   *
   * @return the number of distinct client connections seen
   */
  public long connectionsOpened() {
    return recorder.connections();
  }

  /**
   * Stops the collector for good and frees its port and threads; recorded requests stay readable.
   * Idempotent, and never hangs on held or unanswered requests.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      closed = true;
      stop();
    }
  }

  /** Binds the port: the one given at construction, later the one bound first. */
  final void listen() {
    synchronized (lifecycle) {
      int p = port;
      Session s;
      try {
        s = Session.open(new InetSocketAddress(host, p), this::handle);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot listen on " + host.getHostAddress() + ":" + p + ": " + e, e);
      }
      session = s;
      port = s.port();
    }
  }

  /**
   * After {@link #close()}: listens again on the same port with a fresh state, for PER_CLASS tests.
   */
  final void reopen() {
    synchronized (lifecycle) {
      if (!closed) {
        return;
      }
      closed = false;
      synchronized (stallLock) {
        stalled = false;
      }
      reset();
      listen();
    }
  }

  private void handle(Session s, HttpExchange exchange) {
    Route route = routeOf(exchange);
    if (route != null) {
      serve(route, exchange);
      return;
    }
    try {
      RecordedRequest request = RecordedRequest.read(exchange);
      recorder.record(request, exchange.getRemoteAddress());
      Reply reply = new Reply(s, exchange, choose(request));
      if (!hold(reply)) {
        s.dispatch(reply);
      }
    } catch (IOException e) {
      exchange.close(); // the client left before its body arrived: nothing to record
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "Fake collector failed on a request; closing its connection", e);
      exchange.close();
    }
  }

  private @Nullable Route routeOf(HttpExchange exchange) {
    if (routes.isEmpty()) {
      return null; // the common case, in tests
    }
    String path = exchange.getRequestURI().getRawPath();
    for (Route r : routes) {
      if (r.matches(path == null ? "" : path)) {
        return r;
      }
    }
    return null;
  }

  private static void serve(Route route, HttpExchange exchange) {
    try {
      route.handler.handle(exchange);
    } catch (IOException e) {
      exchange.close(); // the client left
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "Fake collector's handler for " + route.path + " failed", e);
      exchange.close();
    }
  }

  private Response choose(RecordedRequest request) {
    Response scripted = script.poll();
    if (scripted != null) {
      return scripted;
    }
    Function<RecordedRequest, Response> f = responder;
    if (f != null) {
      try {
        Response chosen = f.apply(request);
        if (chosen != null) {
          return chosen;
        }
      } catch (RuntimeException | AssertionError e) { // assertions in a responder are common
        log.log(Level.WARNING, "Fake collector's responder threw on " + request, e);
        return Response.status(500).body(Json.message("responder threw " + e));
      }
    }
    return defaultResponse;
  }

  private boolean hold(Reply reply) {
    if (!stalled) {
      return false; // the common case takes no lock
    }
    synchronized (stallLock) {
      if (!stalled) {
        return false;
      }
      held.add(reply);
      return true;
    }
  }

  private static InetAddress loopback() {
    try {
      // Not getLoopbackAddress(): that is ::1 when IPv6 is preferred, and baseUrl() says 127.0.0.1.
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new AssertionError("a four-byte address is always valid", e);
    }
  }

  /** A path served by its own handler: exact, or a prefix when it ends in {@code "/*"}. */
  private static final class Route {
    final String path;
    final HttpHandler handler;
    private final @Nullable String prefix;

    Route(String path, HttpHandler handler) {
      this.path = path;
      this.handler = handler;
      this.prefix = path.endsWith("/*") ? path.substring(0, path.length() - 1) : null;
    }

    boolean matches(String requestPath) {
      return prefix == null ? requestPath.equals(path) : requestPath.startsWith(prefix);
    }
  }
}
