package io.atrack.sdk.delivery;

import io.atrack.sdk.internal.delivery.EngineTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A manual clock and retry timer for the delivery engine: time moves only when a test calls {@link
 * #advance}, which runs the retries that came due, in due order, on the test's thread, and wakes
 * whatever waits for a deadline (close, BLOCK). Tests then assert the delays the engine asked for
 * and the order of what happens, never elapsed milliseconds.
 */
final class ManualTime implements EngineTime {
  /** A retry the engine scheduled: when it asked, for how long, and whether it has run. */
  record Scheduled(long atNanos, long delayNanos, Runnable task) {
    Duration delay() {
      return Duration.ofNanos(delayNanos);
    }
  }

  private final Object lock = new Object();
  private long now = 1_000_000_000L;
  private final List<Scheduled> pending = new ArrayList<>();
  private final List<Scheduled> all = new ArrayList<>();
  private int waiting;
  private boolean shutdown;

  @Override
  public long nanoTime() {
    synchronized (lock) {
      return now;
    }
  }

  @Override
  public void schedule(Runnable task, long delayNanos) {
    synchronized (lock) {
      if (shutdown) {
        throw new RejectedExecutionException("shut down");
      }
      Scheduled s = new Scheduled(now, delayNanos, task);
      pending.add(s);
      all.add(s);
      lock.notifyAll();
    }
  }

  @Override
  public boolean await(CompletableFuture<?> future, long timeoutNanos) throws InterruptedException {
    var unused =
        future.whenComplete(
            (v, e) -> {
              synchronized (lock) {
                lock.notifyAll();
              }
            });
    synchronized (lock) {
      long deadline = now + timeoutNanos;
      waiting++;
      lock.notifyAll();
      try {
        while (!future.isDone() && now - deadline < 0) {
          lock.wait();
        }
        return future.isDone();
      } finally {
        waiting--;
      }
    }
  }

  @Override
  public void shutdown() {
    synchronized (lock) {
      shutdown = true;
      pending.clear();
    }
  }

  @Override
  public void awaitTermination(long timeoutNanos) {}

  /** Moves time on by {@code d}, running every retry that comes due, earliest first. */
  void advance(Duration d) {
    long target;
    synchronized (lock) {
      target = now + d.toNanos();
    }
    while (true) {
      Scheduled next = null;
      synchronized (lock) {
        for (Scheduled s : pending) {
          if (s.atNanos + s.delayNanos - target <= 0
              && (next == null || s.atNanos + s.delayNanos < next.atNanos + next.delayNanos)) {
            next = s;
          }
        }
        if (next == null) {
          now = target;
          lock.notifyAll();
          return;
        }
        pending.remove(next);
        now = Math.max(now, next.atNanos + next.delayNanos);
        lock.notifyAll();
      }
      next.task.run();
    }
  }

  /** Runs the earliest pending retry, moving time to when it is due. */
  void runNext() {
    long due;
    synchronized (lock) {
      due =
          pending.stream()
              .mapToLong(s -> s.atNanos + s.delayNanos)
              .min()
              .orElseThrow(() -> new AssertionError("no retry is scheduled"));
    }
    advance(Duration.ofNanos(Math.max(0, due - nanoTime())));
  }

  /** Every retry scheduled so far, in scheduling order. */
  List<Scheduled> scheduled() {
    synchronized (lock) {
      return List.copyOf(all);
    }
  }

  /** Retries scheduled and not yet run. */
  int pendingCount() {
    synchronized (lock) {
      return pending.size();
    }
  }

  /** Waits (real time, bounded) until {@code n} retries have been scheduled in all. */
  void awaitScheduled(int n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    synchronized (lock) {
      while (all.size() < n) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("only " + all.size() + " of " + n + " retries were scheduled");
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }

  /** Waits (real time, bounded) until a thread waits for a deadline on this clock. */
  void awaitWaiter() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    synchronized (lock) {
      while (waiting == 0) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("nothing waits on the clock");
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }
}
