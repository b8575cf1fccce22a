package io.atrack.benchmarks.collector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * A collector on loopback that answers every request {@code 200 {"ok":true}} after a fixed delay: a
 * remote API's round trip, without leaving the machine. One thread drives everything with a {@link
 * Selector}: thousands of keep-alive connections, every pipelined request parsed as it arrives
 * ({@code content-length} or chunked bodies), each answered at its receive time plus the delay, in
 * order per connection. The delay is the same for every request, so the due times come in order and
 * the timer is a FIFO queue: no thread and no timer task per request.
 *
 * <p>Counts requests and the events inside them (occurrences of {@code "checkout_completed"} in the
 * bodies, so a batch of 100 counts 100); {@code GET /_stats} answers {@code requests=N events=M
 * ...} at once (behind the answers already due on its connection) and is not counted. Bounded:
 * heads of at most 16 KiB (431), bodies of at most {@code maxBody} (413), at most {@code
 * maxConnections} open (more are closed at accept), and a connection stops reading while 16,384
 * answers or 1 MiB of them wait. With {@code tlsPort}, the same over TLS (an {@code SSLEngine} per
 * connection, a self-signed certificate for localhost and 127.0.0.1 written as PEM to {@code cert},
 * no ALPN: HTTP/1.1).
 *
 * <pre>
 * java -cp benchmarks.jar io.atrack.benchmarks.collector.DelayCollector delay=50 port=8089 \
 *     tlsPort=8443 cert=/tmp/collector.pem    # prints PORT, TLSPORT; runs until killed
 * </pre>
 */
public final class DelayCollector implements AutoCloseable {
  static final byte[] OK =
      DelayConnection.response(
          200, "application/json", "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII), false);
  static final byte[] OK_CLOSE =
      DelayConnection.response(
          200, "application/json", "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII), true);
  private static final byte[] PATTERN = "\"checkout_completed\"".getBytes(StandardCharsets.UTF_8);
  private static final int MAX_HEAD = 16 * 1024;

  private final long delayNanos;
  private final boolean serial;
  private final int maxConnections;
  private final long maxBody;
  private final Selector selector;
  private final ServerSocketChannel plain;
  private final ServerSocketChannel tls;
  private final SSLContext tlsContext;
  private final ArrayDeque<DelayConnection.Answer> timers = new ArrayDeque<>();
  private final Set<DelayConnection> open = new java.util.HashSet<>();
  private final Thread loop;
  private volatile boolean running = true;
  // Written by the loop thread; atomic so that other threads read them.
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong gzipRequests = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong turnedAway = new AtomicLong();
  private int peakConnections;

  private DelayCollector(
      long delayMillis,
      boolean serial,
      int port,
      int tlsPort,
      Path cert,
      int maxConnections,
      long maxBody)
      throws IOException, GeneralSecurityException {
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    this.serial = serial;
    this.maxConnections = maxConnections;
    this.maxBody = maxBody;
    this.selector = Selector.open();
    this.plain = listen(port);
    plain.register(selector, SelectionKey.OP_ACCEPT, false);
    if (tlsPort >= 0) {
      this.tlsContext = SelfSignedCert.create(cert).serverContext;
      this.tls = listen(tlsPort);
      tls.register(selector, SelectionKey.OP_ACCEPT, true);
    } else {
      this.tlsContext = null;
      this.tls = null;
    }
    loop = new Thread(this::run, "collector-loop");
    loop.setDaemon(true);
    loop.start();
  }

  /**
   * Starts a collector on 127.0.0.1.
   *
   * @param delayMillis how long after receiving a request it is answered, 0 or more
   * @param port the plain HTTP port, 0 for any free one
   * @param tlsPort the TLS port, 0 for any free one, -1 for none
   * @param cert where the TLS certificate's PEM is written (ignored without TLS)
   */
  public static DelayCollector start(long delayMillis, int port, int tlsPort, Path cert)
      throws IOException, GeneralSecurityException {
    return new DelayCollector(delayMillis, false, port, tlsPort, cert, 10_000, 64L << 20);
  }

  private static ServerSocketChannel listen(int port) throws IOException {
    ServerSocketChannel ch = ServerSocketChannel.open();
    ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
    ch.configureBlocking(false);
    return ch;
  }

  public int port() {
    return plain.socket().getLocalPort();
  }

  /** The TLS port, or -1 without TLS. */
  public int tlsPort() {
    return tls == null ? -1 : tls.socket().getLocalPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Requests answered or waiting, {@code GET /_stats} not included. */
  public long requests() {
    return requests.get();
  }

  /** Events inside the requests' bodies. */
  public long events() {
    return events.get();
  }

  long delayNanos() {
    return delayNanos;
  }

  /** Whether a connection's requests are answered one at a time (each delay after the last). */
  boolean serial() {
    return serial;
  }

  /** The {@code GET /_stats} body. */
  String statsLine() {
    return "requests="
        + requests
        + " events="
        + events
        + " gzip="
        + gzipRequests
        + " refused="
        + refused
        + " connections="
        + open.size()
        + " peakConnections="
        + peakConnections
        + " accepted="
        + accepted
        + " turnedAway="
        + turnedAway
        + " delayMs="
        + TimeUnit.NANOSECONDS.toMillis(delayNanos)
        + " serial="
        + (serial ? 1 : 0)
        + "\n";
  }

  void counted(int eventsInBody, boolean gzip) {
    requests.incrementAndGet();
    events.addAndGet(eventsInBody);
    if (gzip) {
      gzipRequests.incrementAndGet();
    }
  }

  void refused() {
    refused.incrementAndGet();
  }

  void schedule(DelayConnection.Answer answer) {
    answer.scheduled = true;
    timers.add(answer); // same delay for all: due times arrive in order
  }

  void closed(DelayConnection connection) {
    open.remove(connection);
  }

  private void run() {
    while (running) {
      try {
        DelayConnection.Answer head = timers.peek();
        if (head == null) {
          selector.select();
        } else {
          long wait = head.due - System.nanoTime();
          if (wait <= 0) {
            selector.selectNow();
          } else {
            selector.select(Math.max(1, (wait + 999_999) / 1_000_000));
          }
        }
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            accept((ServerSocketChannel) key.channel(), (Boolean) key.attachment());
            continue;
          }
          DelayConnection c = (DelayConnection) key.attachment();
          if (key.isReadable()) {
            c.onReadable();
          }
          if (key.isValid() && key.isWritable()) {
            c.onWritable();
          }
        }
        fireDue();
      } catch (IOException | RuntimeException e) {
        if (running) {
          System.err.println("collector loop: " + e);
        }
      }
    }
  }

  private void fireDue() {
    long now = System.nanoTime();
    // Bounded by what is due now; answers of one connection are released together.
    List<DelayConnection> touched = new ArrayList<>();
    DelayConnection.Answer a;
    while ((a = timers.peek()) != null && a.due - now <= 0) {
      timers.poll();
      if (a.connection.closed()) {
        continue;
      }
      a.ready = true;
      if (touched.isEmpty() || touched.get(touched.size() - 1) != a.connection) {
        touched.add(a.connection);
      }
    }
    Map<DelayConnection, Boolean> done = touched.size() > 1 ? new HashMap<>() : null;
    for (DelayConnection c : touched) {
      if (done == null || done.put(c, Boolean.TRUE) == null) {
        c.onDue();
      }
    }
  }

  private void accept(ServerSocketChannel server, boolean secure) throws IOException {
    // Bounded: at most the listen backlog per wake-up.
    for (int i = 0; i < 4096; i++) {
      SocketChannel ch = server.accept();
      if (ch == null) {
        return;
      }
      if (open.size() >= maxConnections) {
        turnedAway.incrementAndGet();
        ch.close();
        continue;
      }
      accepted.incrementAndGet();
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Wire wire;
      if (secure) {
        SSLEngine engine = tlsContext.createSSLEngine();
        wire = Wire.tls(ch, engine);
      } else {
        wire = Wire.plain(ch);
      }
      SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
      DelayConnection c =
          new DelayConnection(this, wire, key, new RequestParser(MAX_HEAD, maxBody, PATTERN));
      key.attach(c);
      open.add(c);
      peakConnections = Math.max(peakConnections, open.size());
    }
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      loop.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
      selector.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /**
   * {@code delay=MS port=N [serial=true] [tlsPort=N cert=PATH]}: runs until killed, printing {@code
   * PORT n} (and {@code TLSPORT n}) once listening and the counts when stopped.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("expected key=value, got " + arg);
      }
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    int tlsPort = Integer.parseInt(a.getOrDefault("tlsPort", "-1"));
    Path cert = Path.of(a.getOrDefault("cert", "collector-cert.pem"));
    DelayCollector c =
        new DelayCollector(
            Long.parseLong(a.getOrDefault("delay", "0")),
            Boolean.parseBoolean(a.getOrDefault("serial", "false")),
            Integer.parseInt(a.getOrDefault("port", "0")),
            tlsPort,
            cert,
            Integer.parseInt(a.getOrDefault("maxConnections", "10000")),
            Long.parseLong(a.getOrDefault("maxBody", Long.toString(64L << 20))));
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> System.out.print("COLLECTOR " + c.statsLine())));
    System.out.println("PORT " + c.port());
    if (tlsPort >= 0) {
      System.out.println("TLSPORT " + c.tlsPort() + " CERT " + cert.toAbsolutePath());
    }
    System.out.flush();
    Thread.currentThread().join();
  }
}
