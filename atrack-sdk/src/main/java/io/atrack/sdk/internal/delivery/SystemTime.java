package io.atrack.sdk.internal.delivery;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link EngineTime} from {@link System#nanoTime()} and a one-thread scheduled executor whose
 * thread ends after 1 s idle, so a client without retries keeps no timer thread.
 */
final class SystemTime implements EngineTime {
  private final ScheduledThreadPoolExecutor timer;

  SystemTime(String threadName) {
    timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    timer.setKeepAliveTime(1, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  @SuppressWarnings("FutureReturnValueIgnored") // the task handles its own outcome
  public void schedule(Runnable task, long delayNanos) {
    timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public boolean await(CompletableFuture<?> future, long timeoutNanos) throws InterruptedException {
    try {
      future.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
      return true;
    } catch (ExecutionException e) {
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  @Override
  public void shutdown() {
    timer.shutdownNow();
  }

  @Override
  public void awaitTermination(long timeoutNanos) throws InterruptedException {
    timer.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS);
  }
}
