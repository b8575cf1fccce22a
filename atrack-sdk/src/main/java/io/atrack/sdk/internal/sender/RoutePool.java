package io.atrack.sdk.internal.sender;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The connections of a {@link NioTransport} to one scheme, host and port, and the requests waiting
 * for one of them; on the I/O thread only. How requests are spread over connections, and what
 * happens to the ones outstanding on a connection that breaks, is told in {@link NioTransport}.
 */
final class RoutePool {
  private static final System.Logger log = System.getLogger(RoutePool.class.getName());

  /** After a server that answers pipelined requests one at a time: no pipelining for this long. */
  static final long PIPELINE_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** How long a learned {@link #requestsPerConnection} holds. */
  static final long LEARNED_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** How often a request goes out again because a server closed politely before answering it. */
  static final int MAX_BOUNCES = 8;

  /** Idle this long, a connection is read once more before it takes a request. */
  static final long PROBE_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** The concurrency limit to start with, and the least it shrinks to. */
  static final int INITIAL_LIMIT = 32;

  static final int MIN_LIMIT = 8;

  /** Answers slower than twice the least round trip by this much mean requests queue. */
  static final long QUEUE_TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** The least round trip is the least of this window's answers and the previous window's. */
  static final long RTT_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** Pipelined answers looked at before judging whether the server overlaps them. */
  static final int SERIAL_SAMPLES = 32;

  /** Below this round trip a server taking requests one at a time costs nothing worth a socket. */
  static final long SERIAL_MIN_ROUND_TRIP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** The most connections to a server that takes pipelined requests one at a time. */
  static final int MAX_SERIAL_CONNECTIONS = 512;

  /** The most connects under way at once. */
  static final int MAX_CONNECTING = 8;

  final Route route;
  final ArrayDeque<Exchange> pending = new ArrayDeque<>();
  final ArrayList<NioConnection> connections = new ArrayList<>();
  private final ArrayDeque<NioConnection> idle = new ArrayDeque<>();
  private final ArrayList<NioConnection> dirty = new ArrayList<>();
  private final EventLoop loop;
  private List<InetSocketAddress> addresses = List.of();
  private int connecting;
  private long pipelineOffUntil;
  private boolean pipelineOff;
  private long excessGap;
  private int gapSamples;
  private int serialVotes;

  /** Requests written and not answered on this route's connections. */
  private int inFlight;

  private int limit = INITIAL_LIMIT;
  private int limitSamples;
  private long minRtt = Long.MAX_VALUE;
  private long previousMinRtt = Long.MAX_VALUE;
  private long rttWindowStart;
  private long smoothedRtt;
  private boolean serial;

  /**
   * The most requests written on one connection: what the server answered on a connection it then
   * closed politely with requests behind (nginx's {@code keepalive_requests}); 1 for a server that
   * closes after every answer, which turns pipelining and reuse off. Unlimited until learned, and
   * again {@link #LEARNED_LIMIT_NANOS} after.
   */
  private int requestsPerConnection = Integer.MAX_VALUE;

  private long learnedUntil;

  /** New connections closed or found unusable before their first request, since an answer. */
  private int unusedLost;

  RoutePool(EventLoop loop, Route route) {
    this.loop = loop;
    this.route = route;
  }

  void add(Exchange exchange) {
    addresses = exchange.addresses;
    pending.addLast(exchange);
  }

  /** Hands waiting requests to connections, opening more while that helps; then writes. */
  void dispatch(long now) {
    EventLoop.Settings settings = loop.settings;
    if (requestsPerConnection != Integer.MAX_VALUE && now - learnedUntil >= 0) {
      requestsPerConnection = Integer.MAX_VALUE;
    }
    if (pipelineOff && now - pipelineOffUntil >= 0) {
      pipelineOff = false; // look again: the server, or what is in front of it, may have changed
      serial = false;
    }
    int maxConnections = serial ? settings.maxSerialConnections() : settings.maxConnections();
    // Connections first, pipelining only for what they cannot carry one request each: a server
    // that takes pipelined requests one at a time then loses nothing until the limit outgrows
    // the connections (a long round trip), and the answer gaps tell it apart from there.
    int depth =
        pipelineOff
            ? 1
            : Math.min(
                settings.maxPipelineDepth(),
                Math.max(1, (limit + settings.maxConnections() - 1) / settings.maxConnections()));
    int eager = Math.min(NioTransport.EAGER_CONNECTIONS, settings.maxConnections());
    while (!pending.isEmpty() && loop.inFlight < settings.maxInFlight() && inFlight < limit) {
      NioConnection c = takeIdle(now);
      if (c == null) {
        if (pending.isEmpty()) {
          break; // takeIdle failed the last one
        }
        boolean mayOpen =
            connections.size() < maxConnections
                && connections.size() < Math.max(eager, limit)
                && connecting < pending.size()
                && connecting < MAX_CONNECTING;
        if (connections.size() < eager) {
          // Below the eager count a request waits for its own new connection rather than queue
          // behind another request's answer (which may be slow, or time out and take it along).
          if (mayOpen && open(0, now + settings.connectTimeoutNanos(), now)) {
            continue;
          }
          break;
        }
        if (connecting > 0 && connecting >= pending.size()) {
          // Connections on their way will take these: pipelining them now would put them behind
          // requests a server may answer one at a time.
          break;
        }
        c = leastBusy(depth);
        if (c == null) {
          if (mayOpen && open(0, now + settings.connectTimeoutNanos(), now)) {
            continue;
          }
          break;
        }
      }
      Exchange exchange = pending.pollFirst();
      c.enqueue(exchange, now);
      loop.inFlight++;
      inFlight++;
      loop.deadline(exchange.deadline());
      if (!c.dirty) {
        c.dirty = true;
        dirty.add(c);
      }
    }
    for (int i = 0; i < dirty.size(); i++) {
      NioConnection c = dirty.get(i);
      c.dirty = false;
      if (c.isOpen()) {
        try {
          c.flush();
        } catch (IOException e) {
          broken(c, e, now);
        }
      }
    }
    dirty.clear();
  }

  /**
   * An idle connection ready for a request, or null. One idle past the keep-alive time is closed
   * (the server may close it at the same moment); one with bytes waiting or closed by the server is
   * closed ({@link NioConnection#unusable(boolean)}).
   */
  private @Nullable NioConnection takeIdle(long now) {
    NioConnection c;
    while ((c = idle.pollFirst()) != null) {
      c.inIdleList = false;
      if (!c.isOpen() || !c.outstanding.isEmpty()) {
        continue;
      }
      if (now - c.idleSince >= loop.settings.keepAliveNanos()
          || c.written >= requestsPerConnection) {
        closeIdle(c);
        continue;
      }
      // Bytes or a close that came since the last select are reported by the next one; the
      // loop handles the keys before dispatching, so only the moments between are at stake. A
      // read (a system call per request) checks them only after a second of idleness, when a
      // server closing idle connections is likeliest; bytes buffered already always count.
      IOException why = c.unusable(now - c.idleSince >= PROBE_IDLE_NANOS);
      if (why == null) {
        return c;
      }
      unusable(c, why);
    }
    return null;
  }

  /**
   * {@code c}, with nothing outstanding, cannot carry a request: bytes nobody asked for, or the
   * server closed it. It is closed. A new connection that had bytes before its first request fails
   * the first waiting request (as {@link HttpConnection} does), so a server that answers before
   * being asked costs one request per connection, never a loop of connects; one closed before its
   * first request fails the first waiting request once {@value #MAX_CONNECTING} such closes came
   * without an answer between, which bounds the connects to a server that closes every connection
   * at once while letting an idle connection closed by the server cost nothing.
   */
  void unusable(NioConnection c, IOException why) {
    boolean neverUsed = c.served == 0;
    log.log(
        System.Logger.Level.DEBUG,
        () -> "Closing a connection to " + route.origin + " before reusing it: " + why);
    closeIdle(c);
    if (!neverUsed || pending.isEmpty()) {
      return;
    }
    if (why instanceof java.net.ProtocolException || ++unusedLost >= MAX_CONNECTING) {
      unusedLost = 0;
      pending.pollFirst().fail(why);
    }
  }

  private @Nullable NioConnection leastBusy(int depth) {
    NioConnection best = null;
    for (int i = 0; i < connections.size(); i++) {
      NioConnection c = connections.get(i);
      int n = c.outstanding.size();
      if (c.isOpen()
          && n < depth
          && c.written < requestsPerConnection
          && (best == null || n < best.outstanding.size())) {
        best = c;
      }
    }
    return best;
  }

  /**
   * Starts a connection to the address at {@code addressIndex}, or the next ones if connects fail
   * at once.
   *
   * @return whether a connection is being opened (or is open); false when every address failed at
   *     once, so that the caller stops asking for connections until something changes
   */
  private boolean open(int addressIndex, long deadline, long now) {
    if (addressIndex >= addresses.size()) {
      failPendingIfAlone(new IOException("No address for " + route.origin));
      return false;
    }
    connecting++;
    NioConnection c;
    try {
      c =
          NioConnection.open(
              this,
              loop.selector(),
              addresses.get(addressIndex),
              addressIndex,
              route.tls ? loop.tlsContext() : null,
              loop.settings.connectTimeoutNanos(),
              deadline);
    } catch (IOException e) {
      connecting--;
      if (addressIndex + 1 < addresses.size() && now - deadline < 0) {
        return open(addressIndex + 1, deadline, now);
      }
      failPendingIfAlone(e);
      return false;
    }
    connections.add(c); // it may have opened already (see opened)
    loop.deadline(deadline);
    return true;
  }

  /** Makes sure the loop looks at the deadlines by {@code deadline}. */
  void deadline(long deadline) {
    loop.deadline(deadline);
  }

  /** A connection finished its connect (and handshake): it takes requests from now on. */
  void opened(NioConnection c) {
    connecting--;
    c.idleSince = loop.now();
    becameIdle(c);
  }

  void becameIdle(NioConnection c) {
    if (!c.inIdleList) {
      c.inIdleList = true;
      idle.addFirst(c); // most recently used first: the others may time out and close
    }
  }

  /**
   * An answer came: one fewer request in flight. Feeds the round trip to the limit, and, for a
   * request that waited behind the previous answer on its connection, measures how much later than
   * that answer it came beyond how much later it had gone out. A server that overlaps pipelined
   * requests answers each a round trip after it went out, so that excess is about nil (also on a
   * machine short of CPU, where a batch written together is answered together); one that takes them
   * one at a time (nginx and many proxies in front of a slow upstream) answers each only after the
   * previous one, its own service time later: then more connections carry more than deeper
   * pipelines.
   */
  void answered(Exchange e, long previousAnswer, long previousWritten, long now) {
    loop.inFlight--;
    inFlight--;
    unusedLost = 0;
    adjustLimit(now - e.writtenNanos, now);
    if (previousAnswer == 0 || e.writtenNanos - previousAnswer > 0) {
      return; // it did not wait behind that answer (a request alone on its connection never does)
    }
    long roundTrip = leastRoundTrip();
    // Capped at two round trips: a pause (a GC, a starved CPU) must not pass for a slow server.
    long excess =
        Math.min(
            2 * roundTrip,
            Math.max(0, (now - previousAnswer) - (e.writtenNanos - previousWritten)));
    excessGap = excessGap == 0 ? excess : (7 * excessGap + excess) / 8;
    if (++gapSamples >= SERIAL_SAMPLES) {
      gapSamples = 0;
      // Twice in a row, and only where a round trip is long enough for serial service to matter.
      boolean oneAtATime = roundTrip > SERIAL_MIN_ROUND_TRIP_NANOS && excessGap > roundTrip / 2;
      serialVotes = oneAtATime ? serialVotes + 1 : 0;
      if (serialVotes >= 2) {
        serialVotes = 0;
        serial = true;
        pipelineOff = true;
        pipelineOffUntil = now + PIPELINE_PAUSE_NANOS;
        log.log(
            System.Logger.Level.DEBUG,
            () -> route.origin + " answers pipelined requests one at a time: more connections");
      }
    }
  }

  /** The least round trip of this window's answers and the previous window's. */
  private long leastRoundTrip() {
    return Math.min(minRtt, previousMinRtt);
  }

  /**
   * The concurrency limit follows the round trip (a gradient limiter, as TCP Vegas): while answers
   * take about the least round trip seen lately, and requests wait for a place, it grows by half
   * (twice per round trip at most); once they take over twice that (plus a millisecond), requests
   * queue at the server or on this machine's CPU, and it shrinks by a quarter. So a distant API
   * gets as many requests in flight as the backlog needs (rate × round trip), and a nearby one only
   * the few that keep it busy: more would add latency and connections, not throughput.
   */
  private void adjustLimit(long rtt, long now) {
    if (now - rttWindowStart >= RTT_WINDOW_NANOS) {
      previousMinRtt = minRtt;
      minRtt = Long.MAX_VALUE;
      rttWindowStart = now;
    }
    minRtt = Math.min(minRtt, rtt);
    long base = leastRoundTrip();
    smoothedRtt = smoothedRtt == 0 ? rtt : (15 * smoothedRtt + rtt) / 16;
    if (++limitSamples < Math.max(MIN_LIMIT, limit / 2)) {
      return;
    }
    limitSamples = 0;
    int max = loop.settings.maxInFlight();
    if (smoothedRtt > 2 * base + QUEUE_TOLERANCE_NANOS) {
      limit = Math.max(MIN_LIMIT, limit - limit / 4);
    } else if (inFlight + pending.size() >= limit * 9 / 10) {
      limit = Math.min(max, limit + Math.max(1, limit / 2));
    }
  }

  /** Closes {@code c}, which has nothing outstanding. */
  void closeIdle(NioConnection c) {
    settle(c, c.close());
  }

  /**
   * The answer just read leaves the connection unusable. {@code serverCloses}: the server said it
   * processed nothing behind that answer, so the requests behind it go out again, certainly for the
   * first time as far as the server knows; else each goes out once more at most. {@code status}:
   * that answer's.
   */
  void closeAfterAnswer(NioConnection c, boolean serverCloses, int status) {
    List<Exchange> left = c.close();
    settle(c, left);
    if (left.isEmpty()) {
      return;
    }
    if (serverCloses && status < 400) {
      // Learn the server's limit, so that later connections carry no request it would refuse:
      // without it a request deep in a pipeline would go out again after every close. Not from
      // an error: nginx closes after a 400 or 413, which says nothing about the next requests,
      // and learning 1 from it would cost a connection per request for the next 30 s.
      int limit = c.served;
      requestsPerConnection = limit;
      learnedUntil = loop.now() + LEARNED_LIMIT_NANOS;
      log.log(
          System.Logger.Level.DEBUG,
          () ->
              route.origin + " closes a connection after " + limit + " answer(s): no more on one");
    }
    for (int i = left.size() - 1; i >= 0; i--) {
      Exchange e = left.get(i);
      if (e.isDone()) {
        continue; // failed by its own timeout while waiting in line
      }
      if (serverCloses && e.bounces < MAX_BOUNCES) {
        e.bounces++;
        pending.addFirst(e);
        loop.requeued = true;
      } else {
        resendOnceOrFail(e, new IOException("Connection to " + route.origin + " closed"));
      }
    }
  }

  /** The connection failed: its outstanding requests go out again once, or fail. */
  void broken(NioConnection c, IOException failure, long now) {
    boolean wasOpen = c.isOpen();
    boolean tcpConnecting = c.connecting();
    List<Exchange> left = c.close();
    settle(c, left);
    if (!wasOpen && c.served == 0 && left.isEmpty()) {
      connecting--;
      connectFailed(
          tcpConnecting ? c.addressIndex : Integer.MAX_VALUE - 1, c.connectDeadline, failure, now);
      return;
    }
    IOException cause =
        failure instanceof NioConnection.AnswerFailure && failure.getCause() instanceof IOException
            ? (IOException) failure.getCause()
            : failure;
    boolean firstAnswerStarted =
        failure instanceof NioConnection.AnswerFailure af && af.answerStarted;
    for (int i = left.size() - 1; i >= 0; i--) {
      Exchange e = left.get(i);
      if (i == 0
          && (firstAnswerStarted || c.served == 0 || failure instanceof SocketTimeoutException)) {
        // Its own answer had begun, or it timed out, or the connection never worked: the
        // engine's retries decide.
        e.fail(cause);
      } else {
        resendOnceOrFail(e, cause);
      }
    }
  }

  private void resendOnceOrFail(Exchange e, IOException cause) {
    if (e.isDone()) {
      return; // failed by its own timeout while waiting in line, or answered within a grace
    }
    if (e.resends == 0) {
      e.resends++;
      pending.addFirst(e);
      loop.requeued = true;
    } else {
      e.fail(cause);
    }
  }

  private void connectFailed(int addressIndex, long deadline, IOException failure, long now) {
    if (addressIndex + 1 < addresses.size() && now - deadline < 0) {
      open(addressIndex + 1, deadline, now);
      return;
    }
    failPendingIfAlone(failure);
  }

  /** With no connection left to take them, the waiting requests fail with {@code failure}. */
  private void failPendingIfAlone(IOException failure) {
    if (!connections.isEmpty()) {
      return; // another connection will take them
    }
    Exchange e;
    while ((e = pending.pollFirst()) != null) {
      e.fail(failure);
    }
  }

  private void settle(NioConnection c, List<Exchange> left) {
    connections.remove(c);
    if (c.inIdleList) {
      idle.remove(c);
      c.inIdleList = false;
    }
    loop.inFlight -= left.size();
    inFlight -= left.size();
  }

  /** Closes every connection and fails everything, for the transport's close. */
  void closeAll(IOException failure) {
    for (NioConnection c : new ArrayList<>(connections)) {
      List<Exchange> left = c.close();
      settle(c, left);
      left.forEach(e -> e.fail(failure));
    }
    Exchange e;
    while ((e = pending.pollFirst()) != null) {
      e.fail(failure);
    }
  }
}
