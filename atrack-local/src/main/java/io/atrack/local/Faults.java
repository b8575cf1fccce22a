package io.atrack.local;

import java.util.Map;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The fault switch in force, and which requests it hits. One fault at a time: setting one replaces
 * the last. A fault with a count clears itself after hitting that many requests. Thread-safe; the
 * lock is held only to pick and count.
 */
final class Faults {
  private final Object lock = new Object();
  private final DoubleSupplier random;
  private @Nullable Fault current; // guarded by lock

  /** {@code random} gives numbers in [0, 1), to pick a share of requests; injected for tests. */
  Faults(DoubleSupplier random) {
    this.random = random;
  }

  void set(@Nullable Fault fault) {
    synchronized (lock) {
      current = fault;
    }
  }

  @Nullable Fault current() {
    synchronized (lock) {
      return current;
    }
  }

  /** {@code {}} when none is set. */
  Map<String, Object> toJson() {
    Fault f = current();
    return f == null ? Map.of() : f.toJson();
  }

  /** The fault for the next request, counting it, or null when it goes through untouched. */
  @Nullable Fault next() {
    synchronized (lock) {
      Fault f = current;
      if (f == null || (f.share() < 1 && random.getAsDouble() >= f.share())) {
        return null;
      }
      Integer count = f.count();
      if (count != null) {
        current = count <= 1 ? null : f.withCount(count - 1);
      }
      return f;
    }
  }
}
