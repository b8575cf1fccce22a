package io.atrack.sdk.internal.sender;

import io.atrack.sdk.internal.sender.Watchdog.Guard;
import io.atrack.sdk.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * One keep-alive HTTP/1.1 connection on a blocking socket, used by one thread at a time (the pool
 * hands it out exclusively).
 *
 * <p>A request goes out in one {@code write}: the cached {@link RequestHead}, the {@code
 * content-length} line and the body copied into a reused buffer. Connect, TLS handshake and
 * exchange block without socket timeouts; the {@link Watchdog} closes the socket when their
 * deadline passes.
 *
 * <p><b>An answer is only ever read for the request just written.</b> Before a pooled connection is
 * reused, {@link ConnectionPool#take} asks {@link #hasUnreadInput()}: bytes waiting on an idle
 * connection (a stray answer, a TLS {@code close_notify}) mean it is dropped, not reused. Before
 * the first request on a new connection, bytes already there (a middlebox answering before the
 * request) fail the exchange. A server's close of an idle plain connection (a FIN) cannot be seen
 * without a blocking read, which is what costs {@code HttpURLConnection} a millisecond per reuse;
 * {@link SocketTransport} instead sends again once when a reused connection fails before any byte
 * of the answer arrived ({@link #answerStarted()}).
 */
final class HttpConnection {

  private static final byte[] CONTENT_LENGTH =
      "content-length: ".getBytes(StandardCharsets.US_ASCII);

  /** Write buffers up to this size are kept for the next request; larger ones are not. */
  private static final int KEEP_WRITE_BUFFER = 64 * 1024;

  /**
   * How long the rest of a success's body may take once its head is read. The body is not needed (a
   * success is a success); waiting for it only keeps the connection reusable, so a server that
   * stalls in it costs this long, not the whole request timeout. Long enough for a head and body
   * written apart to meet across Nagle's algorithm and a delayed ACK (up to 200 ms) on a slow link.
   */
  static final long SUCCESS_BODY_GRACE_NANOS = 1_000_000_000L;

  final Route route;
  private final Watchdog watchdog;
  private final Guard guard;
  private final Socket socket;
  private final OutputStream out;
  private final InputStream appIn;
  private final @Nullable InputStream tcpIn;
  private final SocketInput in;
  private final ResponseReader reader;

  private byte[] writeBuffer = new byte[1024];
  private long receivedBeforeExchange;
  private boolean reusable;
  private boolean used;

  /** When the connection went back to the pool, by {@link System#nanoTime()}. */
  long idleSince;

  private HttpConnection(Route route, Watchdog watchdog, Guard guard, Socket tcp, Socket socket)
      throws IOException {
    this.route = route;
    this.watchdog = watchdog;
    this.guard = guard;
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.appIn = socket.getInputStream();
    // Over TLS the application stream shows only records already decrypted; the TCP stream shows
    // records still in the kernel. Plain: one stream is both.
    this.tcpIn = socket == tcp ? null : tcp.getInputStream();
    this.in = new SocketInput(appIn::read);
    this.reader = new ResponseReader(in);
  }

  /**
   * Opens a connection to {@code route}: TCP with {@code TCP_NODELAY}, then for https TLS with
   * hostname verification and SNI. The host's addresses are tried in turn, all within {@code
   * connectTimeoutNanos}, which bounds the TLS handshake too.
   *
   * @param proxy {@link Proxy#NO_PROXY} or a SOCKS proxy, which then resolves the host
   * @param sslSocketFactory for https routes; null for http
   * @throws IOException naming {@code host:port}: {@link SocketTimeoutException} when the time ran
   *     out, {@link SSLHandshakeException} when TLS failed, {@link ConnectException} otherwise
   */
  static HttpConnection open(
      Route route,
      Proxy proxy,
      long connectTimeoutNanos,
      @Nullable SSLSocketFactory sslSocketFactory,
      Watchdog watchdog)
      throws IOException {
    long deadline = System.nanoTime() + connectTimeoutNanos;
    IOException failure = null;
    for (SocketAddress address : addresses(route, proxy)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      Socket tcp = proxy.type() == Proxy.Type.SOCKS ? new Socket(proxy) : new Socket();
      Guard guard = new Guard(tcp);
      watchdog.register(guard);
      long token = watchdog.arm(guard, left);
      boolean handshaking = false;
      try {
        tcp.connect(address);
        tcp.setTcpNoDelay(true);
        Socket socket = tcp;
        if (route.tls) {
          handshaking = true;
          socket =
              startTls(route, tcp, Objects.requireNonNull(sslSocketFactory, "sslSocketFactory"));
        }
        HttpConnection connection = new HttpConnection(route, watchdog, guard, tcp, socket);
        if (guard.disarm(token)) {
          return connection;
        }
        throw new SocketTimeoutException("Timed out just after connecting");
      } catch (RuntimeException e) {
        guard.disarm(token);
        closeQuietly(tcp);
        watchdog.unregister(guard);
        throw e;
      } catch (IOException e) {
        boolean timedOut = !guard.disarm(token);
        closeQuietly(tcp);
        watchdog.unregister(guard);
        if (timedOut) {
          throw named(
              new SocketTimeoutException(
                  (handshaking ? "TLS handshake with " : "Connect to ")
                      + route.origin
                      + " timed out after "
                      + connectTimeoutNanos / 1_000_000
                      + " ms"),
              e);
        }
        if (e instanceof SSLException) {
          throw named(
              new SSLHandshakeException(
                  "TLS handshake with " + route.origin + " failed: " + e.getMessage()),
              e);
        }
        if (failure != null) {
          e.addSuppressed(failure);
        }
        failure = e;
      }
    }
    if (failure == null) {
      throw new SocketTimeoutException(
          "Connect to "
              + route.origin
              + " timed out after "
              + connectTimeoutNanos / 1_000_000
              + " ms");
    }
    throw named(
        new ConnectException("Failed to connect to " + route.origin + ": " + failure.getMessage()),
        failure);
  }

  private static List<SocketAddress> addresses(Route route, Proxy proxy) throws IOException {
    if (proxy.type() == Proxy.Type.SOCKS) {
      return List.of(InetSocketAddress.createUnresolved(route.socketHost(), route.port));
    }
    InetAddress[] resolved = InetAddress.getAllByName(route.socketHost());
    SocketAddress[] addresses = new SocketAddress[resolved.length];
    for (int i = 0; i < resolved.length; i++) {
      addresses[i] = new InetSocketAddress(resolved[i], route.port);
    }
    return List.of(addresses);
  }

  private static SSLSocket startTls(Route route, Socket tcp, SSLSocketFactory factory)
      throws IOException {
    SSLSocket socket = (SSLSocket) factory.createSocket(tcp, route.socketHost(), route.port, true);
    SSLParameters parameters = socket.getSSLParameters();
    // Without this, JSSE checks the certificate chain but not that it names the host.
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!route.isIpLiteral()) {
      // JSSE sends SNI only for host names with a dot; "localhost" and single labels need it too.
      try {
        parameters.setServerNames(List.of(new SNIHostName(route.socketHost())));
      } catch (IllegalArgumentException e) {
        // Not a valid SNI name (an underscore, say): connect without SNI, as JSSE itself would.
      }
    }
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  private static <E extends IOException> E named(E named, Throwable cause) {
    named.initCause(cause);
    return named;
  }

  /**
   * Sends a {@code POST} and reads the answer, all within {@code timeoutNanos}; the rest of a
   * success's body gets at most {@link #SUCCESS_BODY_GRACE_NANOS} more.
   *
   * @throws SocketTimeoutException when the time ran out before the answer's head was read
   * @throws ProtocolException when a new connection had bytes waiting before the request was
   *     written: an answer to nothing asked
   * @throws IOException when no complete answer head arrived; the connection must then be closed
   */
  TransportResponse exchange(byte[] head, byte[] body, long timeoutNanos) throws IOException {
    if (!used) {
      used = true;
      // A pooled connection was checked by the pool just before; a new one is checked here, once.
      // Over TLS only decrypted bytes count: TLS 1.3 session tickets may wait in the kernel.
      if (in.hasBuffered() || appIn.available() > 0) {
        throw new ProtocolException(
            route.origin
                + " sent bytes before the request was written; not taking them as its answer");
      }
    }
    receivedBeforeExchange = in.received();
    reusable = false;
    long token = watchdog.arm(guard, timeoutNanos);
    TransportResponse response;
    try {
      write(head, body);
      int status = reader.readHead();
      if (status >= 200 && status < 300 && !reader.bodyReadyOrSkipped()) {
        token = shortenForSuccessBody(token, timeoutNanos);
      }
    } catch (IOException e) {
      if (!guard.disarm(token)) {
        throw named(
            new SocketTimeoutException(
                "No response from " + route.origin + " within " + timeoutNanos / 1_000_000 + " ms"),
            e);
      }
      throw e;
    } catch (RuntimeException | Error e) {
      guard.disarm(token);
      throw e;
    }
    // Never throws: a failure in the body only makes the connection unusable.
    response = reader.readBody();
    // Lost the race with the watchdog after the head was read: keep the answer, not the socket.
    reusable = guard.disarm(token) && reader.reusable();
    return response;
  }

  /**
   * Re-arms the exchange's guard to end at most {@link #SUCCESS_BODY_GRACE_NANOS} from now; only
   * when a success's body is not buffered yet, so the common answer pays nothing.
   *
   * @return the new token, or {@code token} when the watchdog fired first (the body read then fails
   *     at once, and the connection is dropped)
   */
  private long shortenForSuccessBody(long token, long timeoutNanos) {
    long left = token - System.nanoTime();
    if (left <= SUCCESS_BODY_GRACE_NANOS || timeoutNanos <= SUCCESS_BODY_GRACE_NANOS) {
      return token;
    }
    if (!guard.disarm(token)) {
      return token;
    }
    return watchdog.arm(guard, SUCCESS_BODY_GRACE_NANOS);
  }

  private void write(byte[] head, byte[] body) throws IOException {
    int digits = digits(body.length);
    int size = head.length + CONTENT_LENGTH.length + digits + 4 + body.length;
    byte[] b = writeBuffer;
    if (b.length < size) {
      b = new byte[Math.max(size, Math.min(b.length * 2, KEEP_WRITE_BUFFER))];
      if (b.length <= KEEP_WRITE_BUFFER) {
        writeBuffer = b;
      }
    }
    System.arraycopy(head, 0, b, 0, head.length);
    int p = head.length;
    System.arraycopy(CONTENT_LENGTH, 0, b, p, CONTENT_LENGTH.length);
    p += CONTENT_LENGTH.length + digits;
    for (int n = body.length, i = p - 1; i >= p - digits; i--, n /= 10) {
      b[i] = (byte) ('0' + n % 10);
    }
    b[p++] = '\r';
    b[p++] = '\n';
    b[p++] = '\r';
    b[p++] = '\n';
    System.arraycopy(body, 0, b, p, body.length);
    out.write(b, 0, size);
    out.flush();
  }

  private static int digits(int n) {
    int digits = 1;
    while (n >= 10) {
      n /= 10;
      digits++;
    }
    return digits;
  }

  /** Whether the last answer was read exactly and the server keeps the connection open. */
  boolean reusable() {
    return reusable;
  }

  /**
   * Whether bytes wait on this idle connection that no request asked for: buffered here, decrypted
   * by TLS, or in the kernel. {@code available()} asks the kernel ({@code FIONREAD}) without
   * blocking and without the {@code SO_TIMEOUT} that would slow every later read (see {@link
   * Watchdog}): one system call per reuse, the cheapest check there is on a blocking socket. It
   * cannot see a bare FIN (a server's close of an idle plain connection); that case is {@link
   * SocketTransport}'s resend.
   *
   * @return true when the connection must not be reused; also when the check itself fails
   */
  boolean hasUnreadInput() {
    try {
      return in.hasBuffered() || appIn.available() > 0 || (tcpIn != null && tcpIn.available() > 0);
    } catch (IOException e) {
      return true;
    }
  }

  /** Whether any byte of the current exchange's answer arrived. */
  boolean answerStarted() {
    return in.received() != receivedBeforeExchange;
  }

  /** Whether {@link #close()} ran (or the watchdog closed the socket). */
  boolean isClosed() {
    return socket.isClosed();
  }

  /** Closes the socket and stops guarding it. Idempotent. */
  void close() {
    closeQuietly(socket);
    watchdog.unregister(guard);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing left to release.
    }
  }
}
