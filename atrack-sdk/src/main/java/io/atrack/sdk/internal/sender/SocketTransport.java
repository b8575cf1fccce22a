package io.atrack.sdk.internal.sender;

import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportConfig;
import io.atrack.sdk.transport.TransportRequest;
import io.atrack.sdk.transport.TransportResponse;
import java.io.IOException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * A lean keep-alive HTTP/1.1 {@link Transport} on blocking {@code java.net.Socket}s and {@code
 * SSLSocket}s: the SDK's transport for direct connections. Internal: not API.
 *
 * <p>The protocol is one {@code POST} per event, so this class's cost per request is the SDK's cost
 * per event. {@code java.net.http.HttpClient} spends about ten times the CPU of a minimal socket
 * exchange per small request, and {@code HttpURLConnection} stalls about a millisecond per reused
 * connection; this client writes each request with one {@code write} (the head is encoded once per
 * URI and headers map) and parses the answer from a reused byte buffer.
 *
 * <p>Connections are pooled per scheme, host and port ({@link ConnectionPool}) and reused while the
 * server keeps them open, for at most {@link Builder#keepAlive the keep-alive time} of idleness. A
 * connection is closed instead of pooled when the answer says {@code connection: close}, is
 * HTTP/1.0 without keep-alive, ends only with the stream, has more than about 64 KiB of body to
 * skip past the kept prefix, is a success whose body did not end within a brief grace, or fails in
 * any way. A pooled connection with bytes waiting on it is closed, never reused ({@link
 * ConnectionPool#take}).
 *
 * <p><b>Stale connections.</b> A server may close a pooled connection while it is idle, which a
 * blocking socket cannot tell without a blocking read. So when a request on a <em>reused</em>
 * connection fails before any byte of the answer arrived (end of stream, reset, broken pipe; not a
 * timeout), it is sent once more on a new connection. The server may have read it (a crash after
 * reading, say), so this is safe only because every A-Track body carries an idempotency id kept
 * across attempts: {@code eventId} for events, {@code requestId} for {@code /init} and {@code
 * /attributes}. The engine's own retries rely on the same ids. A failure on a new connection is
 * thrown.
 *
 * <p>Never follows redirects: a {@code 3xx} is returned like any other answer, so the public key
 * never reaches another host. Never logs headers or bodies.
 *
 * <p>Thread-safe; {@link #send} blocks its thread for at most the connect timeout plus the
 * request's timeout (once more each when a stale connection is replaced). Sockets block without
 * {@code SO_TIMEOUT}, which on JDK 17 adds two system calls to every read; instead one daemon
 * thread per transport, {@code atrack-sender-timeouts}, closes a socket whose connect, handshake or
 * exchange outlives its deadline. It starts with the first request and ends after {@link #close()}
 * once no connection is left. Blocking socket calls ignore thread interrupts.
 *
 * <pre>{@code
 * try (SocketTransport transport = SocketTransport.builder()
 *     .connectTimeout(Duration.ofSeconds(5))
 *     .build()) {
 *   TransportResponse response = transport.send(request);
 * }
 * }</pre>
 */
public final class SocketTransport implements Transport {

  /** The default {@link Builder#connectTimeout}: the client's, 5 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = TransportConfig.DEFAULT_CONNECT_TIMEOUT;

  /** The default {@link Builder#maxIdleConnections}: the client's default {@code maxInFlight}. */
  public static final int DEFAULT_MAX_IDLE_CONNECTIONS = TransportConfig.DEFAULT_MAX_IN_FLIGHT;

  /** The default {@link Builder#keepAlive}: the client's {@code connectionIdleTimeout}, 30 s. */
  public static final Duration DEFAULT_KEEP_ALIVE = TransportConfig.DEFAULT_CONNECTION_IDLE_TIMEOUT;

  private static final System.Logger log = System.getLogger(SocketTransport.class.getName());

  private final long connectTimeoutNanos;
  private final @Nullable SSLSocketFactory sslSocketFactory;
  private final Proxy proxy;
  private final ConnectionPool pool;
  private final RequestHeads heads;
  private final Watchdog watchdog = new Watchdog();
  private volatile boolean closed;

  private SocketTransport(Builder builder) {
    this.connectTimeoutNanos = builder.connectTimeout.toNanos();
    this.sslSocketFactory = builder.sslSocketFactory;
    this.proxy = builder.proxy;
    this.pool = new ConnectionPool(builder.maxIdleConnections, builder.keepAlive.toNanos());
    this.heads = new RequestHeads(pool::route);
  }

  /** A transport with every default: see {@link Builder}. */
  public static SocketTransport create() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends a {@code POST} of {@code request}'s body and headers, plus {@code host} and {@code
   * content-length}, on a pooled connection or a new one.
   *
   * @return the answer, whatever its status, with at most {@link TransportResponse#MAX_BODY_CHARS}
   *     characters of its body
   * @throws IOException when no answer head arrived: connect failure or timeout ({@code host:port}
   *     in the message), TLS failure ({@code SSLHandshakeException}), no answer within the
   *     request's timeout ({@link SocketTimeoutException}), connection dropped
   * @throws IllegalArgumentException when the URI is not absolute http(s), a header would break the
   *     framing, or the timeout is not positive
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public TransportResponse send(TransportRequest request) throws IOException {
    if (closed) {
      throw new IllegalStateException("SocketTransport is closed");
    }
    long timeoutNanos = RequestHeads.timeoutNanos(request.timeout());
    RequestHead head = heads.of(request);
    byte[] body = TransportAccess.body(request); // read only; the request's own bytes, not a copy
    HttpConnection connection = pool.take(head.route);
    if (connection != null) {
      try {
        return exchange(connection, head, body, timeoutNanos);
      } catch (IOException e) {
        if (connection.answerStarted() || e instanceof SocketTimeoutException) {
          throw e;
        }
        log.log(
            System.Logger.Level.DEBUG,
            () ->
                "Idle connection to "
                    + head.route.origin
                    + " was closed ("
                    + e
                    + "); sending again on a new one");
      }
    }
    // The default TLS context loads the JDK's CA certificates (a second on small machines):
    // plain-http clients never touch it.
    SSLSocketFactory tls = head.route.tls ? sslSocketFactory() : null;
    connection = HttpConnection.open(head.route, proxy, connectTimeoutNanos, tls, watchdog);
    return exchange(connection, head, body, timeoutNanos);
  }

  private TransportResponse exchange(
      HttpConnection connection, RequestHead head, byte[] body, long timeoutNanos)
      throws IOException {
    TransportResponse response;
    boolean answered = false;
    try {
      response = connection.exchange(head.bytes, body, timeoutNanos);
      answered = true;
    } finally {
      if (!answered) {
        connection.close();
      }
    }
    if (connection.reusable()) {
      pool.release(connection);
    } else {
      connection.close();
    }
    return response;
  }

  private SSLSocketFactory sslSocketFactory() {
    return sslSocketFactory != null ? sslSocketFactory : DefaultTls.FACTORY;
  }

  /**
   * Closes every connection: idle ones, and those in use, whose exchange then fails with an {@link
   * IOException}. The client closes its transport only once {@code close()} has stopped waiting for
   * delivery, so nothing it still waits for is cut. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    pool.close();
    watchdog.closeAll();
    watchdog.shutdown();
  }

  /** The thread enforcing timeouts, or null before the first request; for tests. */
  @Nullable Thread timeoutThread() {
    return watchdog.thread();
  }

  /** Holds the JVM's default TLS factory, created on first use: plain-http clients never pay. */
  private static final class DefaultTls {
    static final SSLSocketFactory FACTORY = defaultFactory();

    private static SSLSocketFactory defaultFactory() {
      try {
        return SSLContext.getDefault().getSocketFactory();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("The JVM has no default TLS context", e);
      }
    }
  }

  /** Configures a {@link SocketTransport}; not thread-safe. */
  public static final class Builder {
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private @Nullable SSLSocketFactory sslSocketFactory;
    private int maxIdleConnections = DEFAULT_MAX_IDLE_CONNECTIONS;
    private Duration keepAlive = DEFAULT_KEEP_ALIVE;
    private Proxy proxy = Proxy.NO_PROXY;

    private Builder() {}

    /**
     * The longest to wait for a TCP connection and, for https, the TLS handshake. Default {@link
     * SocketTransport#DEFAULT_CONNECT_TIMEOUT}.
     *
     * @throws IllegalArgumentException unless between 1 ms and {@code Integer.MAX_VALUE} ms
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Timeouts.socketTimeout(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * The TLS socket factory for https: its trust material decides which certificates are accepted;
     * the host name is always verified. Default: {@code
     * SSLContext.getDefault().getSocketFactory()}.
     */
    public Builder sslSocketFactory(SSLSocketFactory sslSocketFactory) {
      this.sslSocketFactory = Objects.requireNonNull(sslSocketFactory, "sslSocketFactory");
      return this;
    }

    /**
     * The TLS context for https: its trust material decides which certificates are accepted; the
     * host name is always verified. Default: {@code SSLContext.getDefault()}.
     */
    public Builder sslContext(SSLContext sslContext) {
      Objects.requireNonNull(sslContext, "sslContext");
      this.sslSocketFactory = sslContext.getSocketFactory();
      return this;
    }

    /**
     * The most idle connections kept for reuse over all hosts; 0 closes each after use. Default
     * {@value SocketTransport#DEFAULT_MAX_IDLE_CONNECTIONS}.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder maxIdleConnections(int maxIdleConnections) {
      if (maxIdleConnections < 0) {
        throw new IllegalArgumentException(
            "maxIdleConnections must be >= 0, was " + maxIdleConnections);
      }
      this.maxIdleConnections = maxIdleConnections;
      return this;
    }

    /**
     * How long an idle connection may be reused; older ones are closed. Keep it below the server's
     * own idle timeout. Default {@link SocketTransport#DEFAULT_KEEP_ALIVE}.
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder keepAlive(Duration keepAlive) {
      Objects.requireNonNull(keepAlive, "keepAlive");
      if (keepAlive.isNegative() || keepAlive.isZero() || keepAlive.toDays() > 365) {
        throw new IllegalArgumentException(
            "keepAlive must be positive and at most a year, was " + keepAlive);
      }
      this.keepAlive = keepAlive;
      return this;
    }

    /**
     * {@link Proxy#NO_PROXY} (the default) or a SOCKS proxy, which then also resolves host names.
     * HTTP proxies are {@link JdkHttpTransport}'s job.
     *
     * @throws IllegalArgumentException for an HTTP proxy
     */
    public Builder proxy(Proxy proxy) {
      Objects.requireNonNull(proxy, "proxy");
      if (proxy.type() == Proxy.Type.HTTP) {
        throw new IllegalArgumentException(
            "proxy must be DIRECT or SOCKS; use JdkHttpTransport for an HTTP proxy");
      }
      this.proxy = proxy;
      return this;
    }

    /** A new transport with these settings. */
    public SocketTransport build() {
      return new SocketTransport(this);
    }
  }
}
