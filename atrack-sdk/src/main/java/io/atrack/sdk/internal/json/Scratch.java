package io.atrack.sdk.internal.json;

import org.jspecify.annotations.Nullable;

/**
 * Each thread's reusable arrays for {@link JsonWriter}: the output buffer, the nesting stack and
 * {@link ValueWriter}'s path.
 *
 * <p>A writer checks the set out of its thread's slot and puts it back when finished. While it is
 * out, another writer on the same thread (a record accessor writing JSON, or an abandoned writer)
 * gets a fresh set, and whichever finishes first refills the slot; so nothing is ever shared and a
 * slot emptied by an abandoned writer heals itself.
 *
 * <p>The thread-local value holds JDK types only ({@code Object[]} and arrays), never a class of
 * ours: pooled threads of a servlet container outlive a redeployed web app, and a value of an SDK
 * class would pin the app's class loader (Tomcat reports such a leak at undeploy).
 */
final class Scratch {
  static final int BUFFER = 0; // byte[]
  static final int STACK = 1; // byte[]
  static final int OPEN = 2; // Object[], or null until a generic value is written
  static final int KEYS = 3; // String[], or null until then
  static final int INDEXES = 4; // int[], or null until then

  private static final int INITIAL_BUFFER = 1024;

  /** Bodies are small; a rare big one is not kept, so it pins no memory on every thread. */
  private static final int RETAINED_MAX = 32 * 1024;

  /** Per thread, a one-element array holding the set, or null while a writer has it out. */
  private static final ThreadLocal<@Nullable Object[]> SLOT = new ThreadLocal<>();

  private Scratch() {}

  /** Takes this thread's set, or a fresh one if it is out. */
  static @Nullable Object[] take() {
    @Nullable Object[] slot = SLOT.get();
    if (slot == null) {
      slot = new Object[1];
      SLOT.set(slot);
    }
    Object set = slot[0];
    if (set == null) {
      return newSet();
    }
    slot[0] = null;
    return (Object[]) set;
  }

  /** Puts {@code set} back into this thread's slot, unless the slot has been refilled. */
  static void giveBack(@Nullable Object[] set) {
    @Nullable Object[] slot = SLOT.get();
    if (slot != null && slot[0] == null) {
      byte[] buffer = (byte[]) set[BUFFER];
      if (buffer.length > RETAINED_MAX) {
        set[BUFFER] = new byte[INITIAL_BUFFER];
      }
      slot[0] = set;
    }
  }

  private static @Nullable Object[] newSet() {
    @Nullable Object[] set = new Object[5];
    set[BUFFER] = new byte[INITIAL_BUFFER];
    set[STACK] = new byte[32];
    return set;
  }
}
