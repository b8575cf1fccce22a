package io.atrack.sdk.internal.sender;

import io.atrack.sdk.transport.TransportConfig;
import io.atrack.sdk.transport.TransportRequest;
import io.atrack.sdk.transport.TransportResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's transport for direct connections: HTTP/1.1 over non-blocking sockets, one I/O thread
 * ({@code atrack-io-N}, daemon) driving every connection, with {@code SSLEngine} for TLS. Internal:
 * not API.
 *
 * <p><b>Why.</b> The protocol is one {@code POST} per event, so throughput is the number of
 * requests in flight divided by the round trip. A thread per request in flight caps a client at
 * {@code threads / RTT} (32 / 50 ms = 640 events/s); here a request in flight costs a few hundred
 * bytes, not a thread.
 *
 * <p><b>Concurrency adapts by itself.</b> Each host has a concurrency limit that follows the
 * measured round trip ({@link RoutePool}: grows by half while answers take about the least round
 * trip seen and requests wait, shrinks by a quarter once they take over twice that), capped by
 * {@link Builder#maxInFlight} (default {@value #DEFAULT_MAX_IN_FLIGHT}); requests over it wait in
 * the transport. Within it a request goes to an idle connection first, else to a new connection, up
 * to {@link Builder#maxConnections} (more for a server that takes pipelined requests one at a
 * time); requests are pipelined behind the least busy connection (up to {@link
 * Builder#maxPipelineDepth}) only for what the connections cannot carry one each, once the limit
 * exceeds them: a long round trip with a backlog. So a nearby server keeps a few connections busy,
 * while a distant one with a backlog gets the number in flight the backlog needs, by Little's law
 * {@code rate × RTT}. Connections idle for the {@link Builder#keepAlive keep-alive time} are
 * closed.
 *
 * <p><b>Pipelining, and what is never mixed up.</b> Answers on a connection come in the order of
 * its requests (RFC 9112 §9.3.2) and are matched strictly in that order; bytes on a connection with
 * nothing outstanding are a stray answer and close it, and bytes buffered past the last answer keep
 * a connection from taking a request (one idle over a second is also read once, without blocking,
 * before it does). A server that closes politely ({@code connection: close}, nginx's {@code
 * keepalive_requests}) processed none of the requests behind that answer: they go out again on
 * another connection, and for 30 s ({@code RoutePool.LEARNED_LIMIT_NANOS}) no connection of the
 * route carries more requests than that server answered on one (1 for a server that closes after
 * every answer: no pipelining, no reuse). When a connection breaks with requests outstanding
 * (reset, end of stream, the first request's timeout), each request not answered yet goes out once
 * more on another connection, unless its own answer had begun or it was the first request on a new
 * connection: then it fails with the {@link IOException}, and the engine's retries take over. That
 * resend is safe because every A-Track body carries an id kept across attempts ({@code eventId},
 * {@code requestId}).
 *
 * <p><b>Timeouts.</b> A request's timeout counts from when it is written. One pipelined behind
 * others fails at its own timeout with a {@link java.net.SocketTimeoutException} but keeps its
 * place, so that its late answer is matched to it and dropped; the first request past its timeout
 * ends the connection. Below {@value #EAGER_CONNECTIONS} connections a request waits for a
 * connection of its own rather than queue behind another's answer.
 *
 * <p>Answers are parsed by {@link ResponseReader}, the same bounded parser as {@link
 * SocketTransport}: at most 8 interim heads, 64 KiB of head, a bounded body prefix, a success's
 * body not waited for past a brief grace ({@value #SUCCESS_BODY_GRACE_MS} ms). Never follows
 * redirects. Never logs headers or bodies.
 *
 * <p>Host names are resolved on the calling thread (cached for {@value #DNS_CACHE_SECONDS} s, on
 * top of the JVM's own cache), never on the I/O thread. Callbacks run on the I/O thread and must be
 * brief; the delivery engine only hands the outcome to its own threads there.
 */
public final class NioTransport implements AsyncTransport {

  /** The default {@link Builder#maxInFlight}. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 2048;

  /** The default {@link Builder#maxConnections}, per host and port. */
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  /** The default {@link Builder#maxPipelineDepth}. */
  public static final int DEFAULT_MAX_PIPELINE_DEPTH = 32;

  /** Connections opened before any request is pipelined. */
  static final int EAGER_CONNECTIONS = 4;

  /** How long a success's body may take to arrive after its head. */
  static final int SUCCESS_BODY_GRACE_MS = 1000;

  static final int DNS_CACHE_SECONDS = 30;

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final EventLoop loop;
  private final RequestHeads heads = new RequestHeads(NioTransport::route);
  private final ConcurrentHashMap<String, Resolved> dns = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private NioTransport(Builder b) {
    this.loop =
        new EventLoop(
            new EventLoop.Settings(
                b.connectTimeout.toNanos(),
                b.keepAlive.toNanos(),
                b.maxInFlight,
                b.maxConnections,
                // Set by hand, maxConnections is a bound; the default may grow for a server that
                // takes pipelined requests one at a time (RoutePool.MAX_SERIAL_CONNECTIONS).
                b.maxConnectionsSet
                    ? b.maxConnections
                    : Math.max(
                        b.maxConnections,
                        Math.min(RoutePool.MAX_SERIAL_CONNECTIONS, b.maxInFlight)),
                b.maxPipelineDepth,
                b.sslContext,
                b.threadName));
  }

  /** A transport with every default: see {@link Builder}. */
  public static NioTransport create() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The transport for a client's {@code config}: connect timeout, idle timeout, TLS context and
   * {@code maxInFlight} apply.
   */
  public static NioTransport create(TransportConfig config, int maxInFlight) {
    Builder b =
        builder()
            .connectTimeout(config.connectTimeout())
            .keepAlive(config.connectionIdleTimeout())
            .maxInFlight(maxInFlight);
    config.sslContext().ifPresent(b::sslContext);
    return b.build();
  }

  @Override
  public void sendAsync(TransportRequest request, Callback callback) {
    Objects.requireNonNull(callback, "callback");
    if (closed) {
      throw new IllegalStateException("NioTransport is closed");
    }
    long timeoutNanos = RequestHeads.timeoutNanos(request.timeout());
    RequestHead head = heads.of(request);
    List<InetSocketAddress> addresses;
    @Nullable IOException unresolved = null;
    try {
      addresses = addresses(head.route);
    } catch (IOException e) {
      // Failed on the I/O thread all the same: a callback never runs inside sendAsync, where the
      // caller may hold a lock or be in the middle of its own bookkeeping.
      addresses = List.of();
      unresolved = e;
    }
    Exchange exchange =
        new Exchange(head, TransportAccess.body(request), timeoutNanos, addresses, callback);
    exchange.failure = unresolved;
    loop.submit(exchange);
  }

  private List<InetSocketAddress> addresses(Route route) throws UnknownHostException {
    Resolved r = dns.get(route.key);
    long now = System.nanoTime();
    if (r != null && now - r.expires < 0) {
      return r.addresses;
    }
    InetAddress[] all = InetAddress.getAllByName(route.socketHost());
    List<InetSocketAddress> addresses = new ArrayList<>(all.length);
    for (InetAddress a : all) {
      addresses.add(new InetSocketAddress(a, route.port));
    }
    List<InetSocketAddress> list = List.copyOf(addresses);
    if (dns.size() >= 64) {
      dns.clear();
    }
    dns.put(route.key, new Resolved(list, now + TimeUnit.SECONDS.toNanos(DNS_CACHE_SECONDS)));
    return list;
  }

  private record Resolved(List<InetSocketAddress> addresses, long expires) {}

  /**
   * Sends {@code request} and waits for the answer; the same as {@link #sendAsync} with the calling
   * thread waiting. Waits without regard to interrupts, as a blocking socket does: every exchange
   * ends within its connect and request timeouts, or when the transport closes.
   *
   * @throws IOException when no answer came
   */
  @Override
  public TransportResponse send(TransportRequest request) throws IOException {
    CompletableFuture<TransportResponse> answer = new CompletableFuture<>();
    sendAsync(
        request,
        (response, failure) -> {
          if (response != null) {
            answer.complete(response);
          } else {
            answer.completeExceptionally(Objects.requireNonNull(failure));
          }
        });
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return answer.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          throw new InterruptedIOException("Unexpected failure: " + cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Fails every request not answered yet with an {@link IOException}, closes every connection and
   * ends the I/O thread. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    loop.close();
  }

  @Override
  public List<Thread> threads() {
    Thread t = loop.thread();
    return t != null && t.isAlive() ? List.of(t) : List.of();
  }

  /** The I/O thread once started, alive or not; for tests. */
  @Nullable Thread ioThread() {
    return loop.thread();
  }

  /** Connections open or being opened now; for tests. */
  int connections() {
    return loop.connectionCount();
  }

  private static Route route(URI uri) {
    Route.key(uri); // validates scheme and host
    return Route.of(uri);
  }

  static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JVM has no default TLS context", e);
    }
  }

  /** Settings of a {@link NioTransport}; every one has a default. Not thread-safe. */
  public static final class Builder {
    private Duration connectTimeout = TransportConfig.DEFAULT_CONNECT_TIMEOUT;
    private Duration keepAlive = TransportConfig.DEFAULT_CONNECTION_IDLE_TIMEOUT;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private boolean maxConnectionsSet;
    private int maxPipelineDepth = DEFAULT_MAX_PIPELINE_DEPTH;
    private @Nullable SSLContext sslContext;
    private String threadName = "atrack-io-" + INSTANCES.incrementAndGet();

    private Builder() {}

    /** How long a TCP connect plus TLS handshake may take. Default 5 s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Timeouts.socketTimeout(connectTimeout, "connectTimeout");
      return this;
    }

    /** How long an idle connection is kept. Default 30 s. */
    public Builder keepAlive(Duration keepAlive) {
      this.keepAlive = Timeouts.idleTimeout(keepAlive, "keepAlive");
      return this;
    }

    /**
     * The most requests written and not answered yet, over all connections; more wait in the
     * transport. Default {@value #DEFAULT_MAX_IN_FLIGHT}.
     */
    public Builder maxInFlight(int maxInFlight) {
      this.maxInFlight = positive(maxInFlight, "maxInFlight");
      return this;
    }

    /**
     * The most connections to one host and port, a bound when set. Default {@value
     * #DEFAULT_MAX_CONNECTIONS}, which grows up to 512 (and {@code maxInFlight}) for a server seen
     * to answer pipelined requests one at a time.
     */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = positive(maxConnections, "maxConnections");
      this.maxConnectionsSet = true;
      return this;
    }

    /**
     * The most requests outstanding on one connection; 1 turns pipelining off. Default {@value
     * #DEFAULT_MAX_PIPELINE_DEPTH}.
     */
    public Builder maxPipelineDepth(int maxPipelineDepth) {
      this.maxPipelineDepth = positive(maxPipelineDepth, "maxPipelineDepth");
      return this;
    }

    /** The TLS context for https; the host name is always verified. Default: the JVM's. */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /** The I/O thread's name. Default {@code atrack-io-N}, N counting this JVM's transports. */
    public Builder threadName(String threadName) {
      this.threadName = Objects.requireNonNull(threadName, "threadName");
      return this;
    }

    /** The transport; its thread starts with the first request. */
    public NioTransport build() {
      return new NioTransport(this);
    }

    private static int positive(int value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, was " + value);
      }
      return value;
    }
  }
}
