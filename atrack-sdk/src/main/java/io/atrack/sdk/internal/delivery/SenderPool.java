package io.atrack.sdk.internal.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The delivery threads: up to {@code maxThreads} daemon threads ({@code atrack-delivery-N}), each
 * sending one request at a time through the blocking transport, so at most {@code maxThreads}
 * requests are in flight. Internal: not API.
 *
 * <p>Waking a parked thread costs the waker a system call (several microseconds), which would
 * dominate a {@code track()} call that otherwise costs about one. So callers wake nobody while a
 * thread is "spinning": a thread that ran out of work stays awake for {@value #SPIN_WINDOW_MS} ms,
 * polling every {@value #SPIN_PARK_MICROS} µs; only then does it park for good and register as a
 * sleeper. A caller wakes a sleeper (or starts a thread) only when no thread spins. A thread that
 * takes a request and sees more waiting wakes the next one itself, so a backlog fans out over the
 * threads without the callers' help. At most {@value #MAX_SPINNERS} threads spin at once.
 *
 * <p>With an asynchronous transport the threads never wait for the network, so {@code coreThreads}
 * (2) are enough and more would only take the CPU from the callers. A thread may still block: in a
 * user's callback, or in a state change's storage work (a Redis command up to its timeout). So when
 * every awake thread has been on its current request for {@value #STUCK_MILLIS} ms, a dispatch
 * wakes or starts one more, up to {@code maxThreads}: blocked threads are not busy, and the others
 * go on.
 */
final class SenderPool {
  static final int SPIN_WINDOW_MS = 50;
  static final int SPIN_PARK_MICROS = 1000;
  static final int MAX_SPINNERS = 1;
  static final long STUCK_MILLIS = 100;

  private final ConcurrentLinkedQueue<OutboundRequest> ready = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedDeque<Worker> sleepers = new ConcurrentLinkedDeque<>();
  private final AtomicInteger spinning = new AtomicInteger();
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicInteger awake = new AtomicInteger();
  private final AtomicBoolean checkScheduled = new AtomicBoolean();
  private volatile @Nullable ScheduledThreadPoolExecutor watch;
  private final List<Worker> workers = new ArrayList<>();
  private volatile Worker[] snapshot = new Worker[0];
  private final int maxThreads;
  private final int coreThreads;
  private final String threadPrefix;
  private final Consumer<OutboundRequest> send;
  private volatile boolean stopping;

  SenderPool(int maxThreads, String threadPrefix, Consumer<OutboundRequest> send) {
    this(maxThreads, maxThreads, threadPrefix, send);
  }

  /** A pool keeping at most {@code coreThreads} awake unless they are stuck; see above. */
  SenderPool(int maxThreads, int coreThreads, String threadPrefix, Consumer<OutboundRequest> send) {
    this.maxThreads = maxThreads;
    this.coreThreads = Math.min(coreThreads, maxThreads);
    this.threadPrefix = threadPrefix;
    this.send = send;
  }

  /** Queues {@code request} to be sent; never blocks. */
  void dispatch(OutboundRequest request) {
    ready.offer(request);
    if (spinning.get() == 0) {
      signal();
    }
  }

  /** Requests sent right now. */
  int inFlight() {
    return busy.get();
  }

  /** Removes every request that waits for a thread. */
  List<OutboundRequest> drainReady() {
    List<OutboundRequest> drained = new ArrayList<>();
    OutboundRequest r;
    while ((r = ready.poll()) != null) {
      drained.add(r);
    }
    return drained;
  }

  /** The requests being sent right now. */
  List<OutboundRequest> inFlightRequests() {
    List<OutboundRequest> current = new ArrayList<>();
    synchronized (workers) {
      for (Worker w : workers) {
        OutboundRequest r = w.current;
        if (r != null) {
          current.add(r);
        }
      }
    }
    return current;
  }

  /**
   * Stops every thread after its current request; returns whether all ended in time. Called on one
   * of the pool's own threads (close() in a callback), it does not wait for that thread, which ends
   * when the callback returns: joining itself would only wait out the timeout. With {@code
   * skipCallbacks}, it neither waits for threads running a finished request's callbacks.
   */
  boolean stop(long timeoutNanos, boolean skipCallbacks) throws InterruptedException {
    stopping = true;
    ScheduledThreadPoolExecutor timer = watch;
    if (timer != null) {
      timer.shutdownNow();
    }
    List<Worker> all;
    synchronized (workers) {
      all = new ArrayList<>(workers);
    }
    all.forEach(w -> LockSupport.unpark(w.thread));
    Thread me = Thread.currentThread();
    List<Worker> awaited = new ArrayList<>();
    for (Worker w : all) {
      OutboundRequest r = w.current;
      if (w.thread != me && !(skipCallbacks && r != null && r.isFinished())) {
        awaited.add(w);
      }
    }
    long deadline = System.nanoTime() + timeoutNanos;
    for (Worker w : awaited) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(w.thread, left);
      }
    }
    return awaited.stream().noneMatch(w -> w.thread.isAlive());
  }

  /** The live delivery threads, for tests. */
  List<Thread> threads() {
    synchronized (workers) {
      return workers.stream().map(w -> w.thread).filter(Thread::isAlive).toList();
    }
  }

  private void signal() {
    if (coreThreads < maxThreads && awake.get() >= coreThreads && !allStuck()) {
      // The awake threads take it when they are done with what they hold; should they be blocked,
      // the check comes again once they would count as stuck.
      checkLater();
      return;
    }
    Worker sleeper = sleepers.pollFirst();
    if (sleeper != null) {
      sleeper.wake();
      return;
    }
    int n = started.get();
    while (n < maxThreads && !stopping) {
      if (started.compareAndSet(n, n + 1)) {
        Worker w = new Worker(threadPrefix + (n + 1));
        synchronized (workers) {
          workers.add(w);
          snapshot = workers.toArray(new Worker[0]);
        }
        awake.incrementAndGet();
        w.thread.start();
        return;
      }
      n = started.get();
    }
  }

  private void checkLater() {
    if (stopping || !checkScheduled.compareAndSet(false, true)) {
      return;
    }
    ScheduledThreadPoolExecutor w = watch;
    if (w == null) {
      synchronized (this) {
        w = watch;
        if (w == null) {
          w = new ScheduledThreadPoolExecutor(1, this::watchThread);
          w.setKeepAliveTime(1, TimeUnit.SECONDS);
          w.allowCoreThreadTimeOut(true);
          watch = w;
        }
      }
    }
    try {
      var unused =
          w.schedule(
              () -> {
                checkScheduled.set(false);
                if (!ready.isEmpty() && !stopping) {
                  signal();
                }
              },
              STUCK_MILLIS,
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      checkScheduled.set(false); // stopping
    }
  }

  private Thread watchThread(Runnable r) {
    Thread t = new Thread(r, threadPrefix + "watch");
    t.setDaemon(true);
    return t;
  }

  /** Whether every awake thread has been on its current request for a while (blocked). */
  private boolean allStuck() {
    long now = System.nanoTime();
    for (Worker w : snapshot) { // no lock: callers run this
      if (!w.asleep) {
        long since = w.busySince;
        if (since == 0 || now - since < TimeUnit.MILLISECONDS.toNanos(STUCK_MILLIS)) {
          return false;
        }
      }
    }
    return true;
  }

  private final class Worker implements Runnable {
    final Thread thread;
    volatile @Nullable OutboundRequest current;
    volatile long busySince;
    private volatile boolean asleep;

    Worker(String name) {
      thread = new Thread(this, name);
      thread.setDaemon(true);
    }

    void wake() {
      awake.incrementAndGet();
      asleep = false;
      LockSupport.unpark(thread);
    }

    @Override
    public void run() {
      long lastWork = System.nanoTime();
      while (!stopping) {
        OutboundRequest request = ready.poll();
        if (request != null) {
          if (!ready.isEmpty() && spinning.get() == 0) {
            signal();
          }
          current = request;
          busySince = System.nanoTime() | 1; // never 0 while busy
          busy.incrementAndGet();
          try {
            send.accept(request);
          } catch (VirtualMachineError e) {
            throw e;
          } catch (Throwable t) {
            // send() handles its own failures; this is a bug, and must not kill the thread.
            System.getLogger(SenderPool.class.getName())
                .log(System.Logger.Level.ERROR, "Unexpected failure in a delivery thread", t);
          } finally {
            busy.decrementAndGet();
            busySince = 0;
            current = null;
          }
          lastWork = System.nanoTime();
          continue;
        }
        if (System.nanoTime() - lastWork < TimeUnit.MILLISECONDS.toNanos(SPIN_WINDOW_MS)) {
          if (spinning.incrementAndGet() <= MAX_SPINNERS) {
            try {
              if (ready.isEmpty()) {
                LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(SPIN_PARK_MICROS));
              }
            } finally {
              spinning.decrementAndGet();
            }
            continue;
          }
          spinning.decrementAndGet();
        }
        sleep();
        lastWork = System.nanoTime();
      }
    }

    private void sleep() {
      asleep = true;
      awake.decrementAndGet();
      sleepers.addFirst(this);
      // Re-check after registering: a dispatch that found no sleeper a moment ago relies on it.
      if ((!ready.isEmpty() || stopping) && sleepers.remove(this)) {
        awake.incrementAndGet();
        asleep = false;
        return;
      }
      while (asleep && !stopping) {
        LockSupport.park(this);
      }
    }
  }
}
