package io.atrack.sdk.internal.outbox;

import java.io.IOException;

/**
 * Runs file work with the calling thread's interrupt flag cleared, and sets it again after. A
 * {@code FileChannel} is closed for good when a thread with the flag set uses it ({@code
 * ClosedByInterruptException}), and callers' threads (a request thread during shutdown, a callback)
 * may carry the flag: that must not cost the outbox its files. Internal: not API.
 */
final class Uninterrupted {
  /** File work. */
  interface Work<T> {
    T run() throws IOException;
  }

  /** File work with no result. */
  interface Step {
    void run() throws IOException;
  }

  private Uninterrupted() {}

  static void exec(Step step) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      step.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static <T> T run(Work<T> work) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      return work.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
