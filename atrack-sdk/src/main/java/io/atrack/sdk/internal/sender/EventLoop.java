package io.atrack.sdk.internal.sender;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The I/O thread of a {@link NioTransport}: one {@link Selector} over every connection, a queue of
 * submitted requests, and the deadlines (connect, answer, idle). Everything but {@link #submit} and
 * {@link #close} runs on that thread.
 *
 * <p>Submitting costs the caller one queue offer; the selector is woken only when the loop may be
 * asleep in {@code select} (one flag), so a burst of requests costs one wake-up.
 */
final class EventLoop implements Runnable {
  private static final System.Logger log = System.getLogger(EventLoop.class.getName());

  /** The longest the loop sleeps between deadline sweeps. */
  private static final long MAX_SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

  record Settings(
      long connectTimeoutNanos,
      long keepAliveNanos,
      int maxInFlight,
      int maxConnections,
      int maxSerialConnections,
      int maxPipelineDepth,
      @Nullable SSLContext sslContext,
      String threadName) {}

  final Settings settings;
  private final ConcurrentLinkedQueue<Exchange> incoming = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final HashMap<String, RoutePool> routes = new HashMap<>();
  private volatile boolean closing;
  private volatile boolean ended;
  private @Nullable Selector selector;
  private volatile @Nullable Thread thread;
  private @Nullable SSLContext tls;

  /** Requests written and not answered, over all connections; I/O thread only. */
  int inFlight;

  /**
   * Set when a request went back to its pool's queue (its connection broke while writing, say): the
   * next select must not sleep, or it would wait for the next sweep. I/O thread only.
   */
  boolean requeued;

  private long now;
  private boolean fresh;
  private long nextSweep;

  EventLoop(Settings settings) {
    this.settings = settings;
  }

  /** Queues {@code exchange} for the I/O thread, starting it on first use; never blocks. */
  void submit(Exchange exchange) {
    Selector s = selector;
    if (s == null) {
      s = start();
    }
    incoming.offer(exchange);
    if (ended) {
      failIncoming(closedFailure());
      return;
    }
    if (!wakeupPending.getAndSet(true)) {
      s.wakeup();
    }
  }

  private synchronized Selector start() {
    Selector s = selector;
    if (s != null) {
      return s;
    }
    if (closing) {
      throw new IllegalStateException("NioTransport is closed");
    }
    try {
      s = Selector.open();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot open a selector", e);
    }
    selector = s;
    Thread t = new Thread(this, settings.threadName());
    t.setDaemon(true);
    thread = t;
    t.start();
    return s;
  }

  /** Fails everything, closes every connection and ends the thread; waits briefly for it. */
  void close() {
    Thread t;
    synchronized (this) {
      closing = true;
      t = thread;
      Selector s = selector;
      if (s != null) {
        s.wakeup();
      }
    }
    if (t == null) {
      ended = true;
      failIncoming(closedFailure());
      return;
    }
    if (t != Thread.currentThread()) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Nullable Thread thread() {
    return thread;
  }

  /** Connections open or being opened; read without the I/O thread's order, for tests. */
  int connectionCount() {
    int n = 0;
    synchronized (routes) {
      for (RoutePool pool : routes.values()) {
        n += pool.connections.size();
      }
    }
    return n;
  }

  Selector selector() {
    return java.util.Objects.requireNonNull(selector);
  }

  SSLContext tlsContext() {
    SSLContext t = tls;
    if (t == null) {
      // The default context loads the JDK's CA certificates (a second on small machines): plain
      // http never touches it.
      t = settings.sslContext() != null ? settings.sslContext() : NioTransport.defaultTls();
      tls = t;
    }
    return t;
  }

  long now() {
    return now;
  }

  /** Makes sure the loop looks at the deadlines by {@code deadline}. */
  void deadline(long deadline) {
    if (deadline - nextSweep < 0) {
      nextSweep = deadline;
    }
  }

  @Override
  public void run() {
    Selector s = selector();
    now = System.nanoTime();
    nextSweep = now + MAX_SWEEP_NANOS;
    try {
      while (!closing) {
        wakeupPending.set(false);
        fresh = false; // the keys are handled inside select(): they read the time first
        long wait = nextSweep - System.nanoTime();
        if (!incoming.isEmpty() || wait <= 0 || requeued) {
          s.selectNow(this::ready);
        } else {
          s.select(this::ready, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
        }
        now = System.nanoTime();
        takeIncoming();
        requeued = false;
        for (RoutePool pool : routes.values()) {
          if (!pool.pending.isEmpty()) {
            pool.dispatch(now);
          }
        }
        if (now - nextSweep >= 0) {
          sweep();
        }
      }
    } catch (IOException | RuntimeException e) {
      log.log(System.Logger.Level.ERROR, "The A-Track I/O thread failed; failing its requests", e);
    } finally {
      ended = true;
      IOException failure = closedFailure();
      for (RoutePool pool : routes.values()) {
        pool.closeAll(failure);
      }
      failIncoming(failure);
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private void ready(SelectionKey key) {
    if (!fresh) {
      now = System.nanoTime(); // else answers would be timed with the previous round's clock
      fresh = true;
    }
    NioConnection c = (NioConnection) key.attachment();
    try {
      if (!key.isValid()) {
        return;
      }
      if (key.isConnectable()) {
        c.finishConnect();
      }
      if (key.isValid() && key.isWritable()) {
        c.writable();
      }
      if (key.isValid() && key.isReadable()) {
        c.readable(now);
      }
    } catch (IOException e) {
      c.pool.broken(c, e, now);
    } catch (RuntimeException e) {
      log.log(System.Logger.Level.ERROR, "Unexpected failure on an A-Track connection", e);
      c.pool.broken(c, new IOException("Unexpected failure: " + e, e), now);
    }
  }

  private void takeIncoming() {
    Exchange e;
    while ((e = incoming.poll()) != null) {
      if (e.failure != null) {
        e.fail(e.failure);
        continue;
      }
      Route route = e.head.route;
      RoutePool pool = routes.get(route.key);
      if (pool == null) {
        pool = new RoutePool(this, route);
        synchronized (routes) {
          routes.put(route.key, pool);
        }
      }
      pool.add(e);
    }
  }

  private void sweep() {
    long next = now + MAX_SWEEP_NANOS;
    long keepAlive = settings.keepAliveNanos();
    for (RoutePool pool : routes.values()) {
      List<NioConnection> all = new ArrayList<>(pool.connections);
      for (NioConnection c : all) {
        try {
          c.reparseIfDue(now);
        } catch (IOException e) {
          pool.broken(c, e, now);
          continue;
        } catch (RuntimeException e) {
          log.log(System.Logger.Level.ERROR, "Unexpected failure on an A-Track connection", e);
          pool.broken(c, new IOException("Unexpected failure: " + e, e), now);
          continue;
        }
        if (c.state == NioConnection.State.CLOSED) {
          continue; // the parse ended it
        }
        IOException expired = c.expire(now, keepAlive);
        if (expired != null) {
          if (c.isOpen() && c.outstanding.isEmpty()) {
            pool.closeIdle(c);
          } else {
            pool.broken(c, expired, now);
          }
        } else {
          long d = c.nextDeadline(keepAlive);
          if (d - next < 0) {
            next = d;
          }
        }
      }
    }
    // Before dispatching: the deadlines of requests written now lower it (deadline()).
    nextSweep = next;
    for (RoutePool pool : routes.values()) {
      if (!pool.pending.isEmpty()) {
        pool.dispatch(now); // a broken connection's requests wait there
      }
    }
  }

  private void failIncoming(IOException failure) {
    Exchange e;
    while ((e = incoming.poll()) != null) {
      e.fail(failure);
    }
  }

  private static IOException closedFailure() {
    return new IOException("The transport was closed before the request was answered");
  }
}
