package io.atrack.sdk.internal.sender;

import io.atrack.sdk.transport.TransportResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * One keep-alive HTTP/1.1 connection of a {@link NioTransport}, on the I/O thread only: connect,
 * TLS, the requests written and not answered yet (in order), the answers parsed as they come.
 *
 * <p>Answers are parsed by a {@link ResponseReader} over a {@link SocketInput} that reads the
 * channel without blocking: when the bytes run out mid-answer, the parse starts again from the
 * answer's first byte once more arrived. An answer is a few hundred bytes and comes in one read;
 * for one that trickles in, attempts past {@value #CHEAP_ATTEMPTS} wait until the bytes buffered
 * doubled, so a hostile server sending a byte at a time costs linear, not quadratic, work. A parse
 * put off that way is made at the latest {@value #REPARSE_MILLIS} ms after the socket ran dry (the
 * answer may be complete, and then no more bytes come to trigger it): at most a hundred extra
 * parses a second per connection.
 */
final class NioConnection implements SocketInput.Source {

  /** The most bytes of one answer buffered (head, kept body prefix, drained body, framing). */
  static final int MAX_RESPONSE_BUFFER = 256 * 1024;

  static final int CHEAP_ATTEMPTS = 16;

  static final int REPARSE_MILLIS = 10;

  private static final byte[] CONTENT_LENGTH =
      "content-length: ".getBytes(StandardCharsets.US_ASCII);
  private static final int OUT_SIZE = 16 * 1024;

  enum State {
    CONNECTING,
    HANDSHAKING,
    OPEN,
    CLOSED
  }

  final RoutePool pool;
  final ArrayDeque<Exchange> outstanding = new ArrayDeque<>();
  private final SocketChannel channel;
  private final SelectionKey key;
  private final @Nullable TlsEngine tls;
  private final long connectTimeoutNanos;
  private final SocketInput in = new SocketInput(this, MAX_RESPONSE_BUFFER);
  private final ResponseReader reader = new ResponseReader(in, true);
  private ByteBuffer out = ByteBuffer.allocate(OUT_SIZE);
  private @Nullable ByteBuffer readView;
  private byte @Nullable [] readArray;

  /** Which of the route's addresses this connection went to. */
  final int addressIndex;

  State state = State.CONNECTING;
  long connectDeadline;
  long idleSince;
  int served;

  /** Requests written on this connection (or about to be), answered or not. */
  int written;

  boolean inIdleList;
  boolean dirty;

  /** When the last answer came, and when its request had gone out (0 before any). */
  private long lastAnswerNanos;

  private long lastAnswerWritten;
  private int attempts;
  private int bytesAtLastAttempt;

  /** While not 0: a parse put off by {@link #worthAttempt} is due then. */
  private long reparseAt;

  /** While not 0: the head of a success came, and the rest of its body is due by then. */
  private long graceDeadline;

  private int graceStatus;

  private NioConnection(
      RoutePool pool,
      Selector selector,
      SocketChannel channel,
      int addressIndex,
      @Nullable SSLContext tlsContext,
      long connectTimeoutNanos,
      long connectDeadline)
      throws IOException {
    this.pool = pool;
    this.channel = channel;
    this.addressIndex = addressIndex;
    this.connectTimeoutNanos = connectTimeoutNanos;
    this.tls = tlsContext == null ? null : new TlsEngine(tlsContext, pool.route);
    this.connectDeadline = connectDeadline;
    this.key = channel.register(selector, 0, this);
  }

  /**
   * Starts connecting to {@code address}; the pool tries the next address when this fails.
   *
   * @throws IOException when the connect failed at once
   */
  static NioConnection open(
      RoutePool pool,
      Selector selector,
      InetSocketAddress address,
      int addressIndex,
      @Nullable SSLContext tlsContext,
      long connectTimeoutNanos,
      long connectDeadline)
      throws IOException {
    SocketChannel channel = SocketChannel.open();
    try {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      NioConnection c =
          new NioConnection(
              pool,
              selector,
              channel,
              addressIndex,
              tlsContext,
              connectTimeoutNanos,
              connectDeadline);
      boolean connected;
      try {
        connected = channel.connect(address);
      } catch (IOException e) {
        throw c.connectFailed(e);
      }
      if (connected) {
        c.connected();
      } else {
        c.key.interestOps(SelectionKey.OP_CONNECT);
      }
      return c;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The channel is connectable: finish the connect, or try the next address. */
  void finishConnect() throws IOException {
    boolean done;
    try {
      done = channel.finishConnect();
    } catch (IOException e) {
      // A channel whose connect failed cannot connect again: the pool opens one per address.
      throw connectFailed(e);
    }
    if (done) {
      connected();
    }
  }

  /** Whether the connect (not the handshake) is what failed, so another address may do. */
  boolean connecting() {
    return state == State.CONNECTING;
  }

  private IOException connectFailed(IOException e) {
    ConnectException named =
        new ConnectException("Failed to connect to " + pool.route.origin + ": " + e.getMessage());
    named.initCause(e);
    return named;
  }

  private void connected() throws IOException {
    if (tls == null) {
      opened();
      return;
    }
    state = State.HANDSHAKING;
    handshake();
  }

  private void handshake() throws IOException {
    TlsEngine engine = java.util.Objects.requireNonNull(tls);
    boolean done;
    try {
      done = engine.handshake(channel);
    } catch (SSLException | java.io.EOFException e) {
      // As HttpConnection names them (JSSE's SSLSocket reports an end of stream here as an
      // SSLHandshakeException too): the caller learns which host refused, never a bare EOF.
      SSLHandshakeException named =
          new SSLHandshakeException(
              "TLS handshake with " + pool.route.origin + " failed: " + e.getMessage());
      named.initCause(e);
      throw named;
    } catch (IOException e) {
      ConnectException named =
          new ConnectException("Failed to connect to " + pool.route.origin + ": " + e.getMessage());
      named.initCause(e);
      throw named;
    }
    if (done) {
      opened();
    } else {
      key.interestOps(engine.wantsWrite() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }
  }

  private void opened() {
    state = State.OPEN;
    key.interestOps(SelectionKey.OP_READ);
    pool.opened(this);
  }

  /** How long the connect plus handshake may take, for messages. */
  long connectTimeoutMillis() {
    return connectTimeoutNanos / 1_000_000;
  }

  boolean isOpen() {
    return state == State.OPEN;
  }

  /** Appends {@code exchange}'s request to what goes out next; {@link #flush} writes it. */
  void enqueue(Exchange exchange, long now) {
    byte[] head = exchange.head.bytes;
    byte[] body = exchange.body;
    String length = Integer.toString(body.length);
    int size = head.length + CONTENT_LENGTH.length + length.length() + 4 + body.length;
    if (out.remaining() < size) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + size));
      out.flip();
      bigger.put(out);
      out = bigger;
    }
    out.put(head).put(CONTENT_LENGTH);
    for (int i = 0; i < length.length(); i++) {
      out.put((byte) length.charAt(i));
    }
    out.put((byte) '\r').put((byte) '\n').put((byte) '\r').put((byte) '\n').put(body);
    exchange.writtenNanos = now;
    written++;
    outstanding.addLast(exchange);
  }

  /** Writes what {@link #enqueue} gathered, as far as the channel takes it now. */
  void flush() throws IOException {
    out.flip();
    boolean all;
    try {
      if (tls != null) {
        all = tls.write(channel, out);
      } else {
        channel.write(out);
        all = !out.hasRemaining();
      }
    } finally {
      out.compact();
    }
    if (all && out.capacity() > 4 * OUT_SIZE) {
      out = ByteBuffer.allocate(OUT_SIZE); // after a large body: do not keep its buffer
    }
    key.interestOps(all ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
  }

  /** The channel is writable: go on with the handshake or the requests. */
  void writable() throws IOException {
    if (state == State.HANDSHAKING) {
      handshake();
    } else if (state == State.OPEN) {
      flush();
    }
  }

  /**
   * The channel is readable: the handshake goes on, or answers are parsed and handed to their
   * exchanges. The pool hears of answers, idleness and closes as they happen.
   *
   * @throws IOException when the connection broke ({@link AnswerFailure} while reading an answer)
   */
  void readable(long now) throws IOException {
    if (state == State.HANDSHAKING) {
      handshake();
      return;
    }
    while (state == State.OPEN) {
      Exchange exchange = outstanding.peekFirst();
      if (exchange == null) {
        probeIdle();
        return;
      }
      if (!worthAttempt(now)) {
        if (!fillOrFail()) {
          if (reparseAt == 0) {
            reparseAt = now + REPARSE_MILLIS * 1_000_000L;
            pool.deadline(reparseAt);
          }
          return;
        }
        continue;
      }
      in.mark = in.pos;
      attempts++;
      reparseAt = 0;
      TransportResponse response;
      try {
        int status = reader.readHead();
        if (graceDeadline == 0 && status >= 200 && status < 300 && !reader.bodyReadyOrSkipped()) {
          // The rest of a success's body (which the SDK never uses) gets a brief grace instead of
          // the request's timeout, as SocketTransport gives it: see expire().
          graceDeadline = now + NioTransport.SUCCESS_BODY_GRACE_MS * 1_000_000L;
          graceStatus = status;
          pool.deadline(graceDeadline);
        }
        response = reader.readBody();
      } catch (SocketInput.NeedMoreInput e) {
        bytesAtLastAttempt = in.limit - in.mark;
        in.pos = in.mark;
        return;
      } catch (IOException e) {
        // The head broke a bound or the stream ended: the connection is done.
        boolean answerStarted = in.limit > in.mark;
        in.mark = -1;
        throw new AnswerFailure(e, answerStarted);
      }
      in.mark = -1;
      attempts = 0;
      bytesAtLastAttempt = 0;
      graceDeadline = 0;
      outstanding.pollFirst();
      pool.answered(exchange, lastAnswerNanos, lastAnswerWritten, now);
      lastAnswerNanos = now;
      lastAnswerWritten = exchange.writtenNanos;
      served++;
      exchange.succeed(response); // a no-op when it already failed by its own timeout
      if (!reader.reusable()) {
        pool.closeAfterAnswer(this, reader.serverCloses(), reader.status());
        return;
      }
      if (outstanding.isEmpty()) {
        idleSince = now;
        pool.becameIdle(this);
      }
    }
  }

  /**
   * Reads more of an answer that is not worth parsing again yet.
   *
   * @return false when nothing more is readable now
   */
  private boolean fillOrFail() throws IOException {
    try {
      if (in.fill() < 0) {
        throw new java.io.EOFException("Connection closed before the response was complete");
      }
      return true;
    } catch (SocketInput.NeedMoreInput e) {
      return false;
    } catch (IOException e) {
      // Bytes of this answer came (that is why it is not worth parsing yet): it had begun.
      in.mark = -1;
      throw new AnswerFailure(e, true);
    }
  }

  private boolean worthAttempt(long now) {
    return attempts < CHEAP_ATTEMPTS
        || (reparseAt != 0 && now - reparseAt >= 0)
        || in.mark < 0
        || in.limit - Math.max(in.mark, 0) >= 2 * bytesAtLastAttempt;
  }

  /** The connection is readable with nothing outstanding: bytes nobody asked for, or its end. */
  private void probeIdle() {
    IOException why = unusable();
    if (why != null) {
      pool.unusable(this, why);
    }
  }

  /**
   * Reads without blocking on a connection with nothing outstanding, as the pool does before a
   * request goes out on it: bytes there (a stray answer, or an answer to nothing asked) would be
   * taken for the request's answer, and a connection the server closed would cost a resend.
   *
   * @return null when nothing is readable; else why the connection must not carry a request
   */
  @Nullable IOException unusable() {
    return unusable(true);
  }

  /**
   * Like {@link #unusable()}; without {@code read}, only bytes buffered already count (no system
   * call): the selector reports what comes later.
   */
  @Nullable IOException unusable(boolean read) {
    if (!in.hasBuffered()) {
      if (!read) {
        return null;
      }
      int n;
      try {
        n = in.fill();
      } catch (SocketInput.NeedMoreInput e) {
        return null; // nothing, or a TLS record without plain bytes (a session ticket, say)
      } catch (IOException e) {
        return e;
      }
      if (n < 0) {
        return new java.io.EOFException(pool.route.origin + " closed the connection");
      }
    }
    in.pos = in.limit;
    return new java.net.ProtocolException(
        pool.route.origin
            + " sent bytes before the request was written; not taking them as its answer");
  }

  /**
   * Applies the deadlines that passed. A request pipelined behind others that is past its own
   * timeout fails at once but keeps its place, so that its answer, if it comes, is matched to it
   * and dropped; the first request past its timeout, or a success's body past its grace, ends the
   * connection.
   *
   * @return the failure that ends the connection, or null
   */
  @Nullable IOException expire(long now, long keepAliveNanos) {
    if (state == State.CONNECTING || state == State.HANDSHAKING) {
      if (now - connectDeadline >= 0) {
        return new SocketTimeoutException(
            (state == State.HANDSHAKING ? "TLS handshake with " : "Connect to ")
                + pool.route.origin
                + " timed out after "
                + connectTimeoutMillis()
                + " ms");
      }
      return null;
    }
    Exchange first = outstanding.peekFirst();
    if (first == null) {
      return now - idleSince >= keepAliveNanos ? new SocketTimeoutException("idle") : null;
    }
    if (graceDeadline != 0) {
      // The head of a success came: its timeout no longer applies, only the grace.
      if (now - graceDeadline >= 0) {
        first.succeed(TransportResponse.of(graceStatus));
        return new SocketTimeoutException(
            "The body of a success from " + pool.route.origin + " did not end within its grace");
      }
    } else if (now - first.deadline() >= 0) {
      return timedOut(first);
    }
    boolean behind = false;
    for (Exchange e : outstanding) {
      if (behind && !e.isDone() && now - e.deadline() >= 0) {
        e.fail(timedOut(e));
      }
      behind = true;
    }
    return null;
  }

  private SocketTimeoutException timedOut(Exchange e) {
    return new SocketTimeoutException(
        "No response from " + pool.route.origin + " within " + e.timeoutNanos / 1_000_000 + " ms");
  }

  /**
   * Makes the parse put off by {@link #worthAttempt} once it is due.
   *
   * @throws IOException as {@link #readable}
   */
  void reparseIfDue(long now) throws IOException {
    if (state == State.OPEN && reparseAt != 0 && now - reparseAt >= 0) {
      readable(now);
    }
  }

  /** The earliest deadline of this connection. */
  long nextDeadline(long keepAliveNanos) {
    if (state != State.OPEN) {
      return connectDeadline;
    }
    Exchange first = outstanding.peekFirst();
    if (first == null) {
      return idleSince + keepAliveNanos;
    }
    long d = graceDeadline != 0 ? graceDeadline : first.deadline();
    for (Exchange e : outstanding) {
      if (e != first && !e.isDone() && e.deadline() - d < 0) {
        d = e.deadline();
      }
    }
    return reparseAt != 0 && reparseAt - d < 0 ? reparseAt : d;
  }

  /** Closes the channel; returns what was outstanding, in order. */
  List<Exchange> close() {
    if (state != State.CLOSED) {
      state = State.CLOSED;
      key.cancel();
      if (tls != null) {
        tls.closeQuietly(channel);
      }
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
    List<Exchange> left = new ArrayList<>(outstanding);
    outstanding.clear();
    return left;
  }

  @Override
  public int read(byte[] b, int offset, int length) throws IOException {
    int n;
    if (tls != null) {
      n = tls.read(channel, b, offset, length);
    } else {
      ByteBuffer view = readView;
      if (view == null || readArray != b) {
        view = ByteBuffer.wrap(b);
        readView = view;
        readArray = b;
      }
      view.limit(offset + length).position(offset);
      n = channel.read(view);
    }
    if (n == 0) {
      throw SocketInput.NeedMoreInput.INSTANCE;
    }
    return n;
  }

  /** A failure reading an answer: whether any byte of it had come decides what is resent. */
  static final class AnswerFailure extends IOException {
    private static final long serialVersionUID = 1L;
    final boolean answerStarted;

    AnswerFailure(IOException cause, boolean answerStarted) {
      super(cause.getMessage(), cause);
      this.answerStarted = answerStarted;
    }
  }
}
