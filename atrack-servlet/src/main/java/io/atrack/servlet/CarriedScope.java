package io.atrack.servlet;

import io.atrack.sdk.RequestContext;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A request's scope, captured when the filter opened it, so that later work for the same request on
 * any thread (an async dispatch, {@code AsyncContext.start}, an error dispatch) runs inside it.
 * Kept in a request attribute. Each run leaves the running thread exactly as it found it. Safe for
 * concurrent runs on several threads.
 */
final class CarriedScope {
  /** Work that may throw what a filter chain throws. */
  interface Task {
    void run() throws IOException, ServletException;
  }

  // The task for the captured wrapper to run: set just before calling it, on the same thread.
  private static final ThreadLocal<@Nullable Task> NEXT = new ThreadLocal<>();
  private final Callable<@Nullable Void> inScope;

  /** Captures the scope open on this thread now. */
  CarriedScope() {
    this.inScope =
        RequestContext.wrap(
            () -> {
              Task task = NEXT.get();
              if (task != null) {
                task.run();
              }
              return null;
            });
  }

  void run(Task task) throws IOException, ServletException {
    Task outer = NEXT.get();
    NEXT.set(task);
    try {
      inScope.call();
    } catch (IOException | ServletException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ServletException(e); // Task declares no other checked exception
    } finally {
      if (outer == null) {
        NEXT.remove();
      } else {
        NEXT.set(outer);
      }
    }
  }

  Runnable wrap(Runnable runnable) {
    return () -> {
      try {
        run(runnable::run);
      } catch (IOException | ServletException e) {
        throw new IllegalStateException("unreachable: a Runnable threw a checked exception", e);
      }
    };
  }
}
