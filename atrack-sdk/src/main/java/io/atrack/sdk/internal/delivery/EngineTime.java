package io.atrack.sdk.internal.delivery;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * The delivery engine's time: what it reads ({@link #nanoTime()}), what it waits for, and the timer
 * its retries wait on. The default is the system's ({@link #system(String)}); tests pass a manual
 * one, so retry delays, close timeouts and {@code BLOCK} timeouts are asserted as order and values,
 * never as milliseconds measured on a busy machine. Internal: not API.
 */
public interface EngineTime {
  /** Now, as {@link System#nanoTime()} counts it. */
  long nanoTime();

  /**
   * Runs {@code task} once {@code delayNanos} have passed.
   *
   * @throws RejectedExecutionException after {@link #shutdown()}
   */
  void schedule(Runnable task, long delayNanos);

  /**
   * Waits until {@code future} completes or {@code timeoutNanos} have passed.
   *
   * @return whether it completed
   * @throws InterruptedException when interrupted while waiting
   */
  boolean await(CompletableFuture<?> future, long timeoutNanos) throws InterruptedException;

  /** Drops every task not yet run; later {@link #schedule} calls are rejected. */
  void shutdown();

  /**
   * Waits up to {@code timeoutNanos} (real time) for a task running now to end.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  void awaitTermination(long timeoutNanos) throws InterruptedException;

  /** The system's time, with a daemon timer thread named {@code threadName}, started on demand. */
  static EngineTime system(String threadName) {
    return new SystemTime(threadName);
  }
}
