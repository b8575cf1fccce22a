package io.atrack.sdk.internal.context;

import io.atrack.sdk.RequestContext;
import org.jspecify.annotations.Nullable;

/**
 * The state of one open request scope: its context and its current user. Internal: not API.
 *
 * <p>The current user is volatile because a scope can be carried to other threads with {@code
 * RequestContext.wrap}, and an {@code init} there must be seen by the request's own thread.
 */
public final class ScopeState {
  private static final ThreadLocal<@Nullable ScopeState> CURRENT = new ThreadLocal<>();

  private final RequestContext context;
  private volatile @Nullable String currentUser;

  // The context as JSON, encoded by the first event of the scope and reused by the rest. Racy by
  // design: two threads may both encode it, and either result is the same bytes.
  private volatile byte @Nullable [] contextJson;

  /** A new scope with no current user. */
  public ScopeState(RequestContext context) {
    this.context = context;
  }

  /** The scope open on this thread, or null outside any. */
  public static @Nullable ScopeState current() {
    return CURRENT.get();
  }

  /** Makes {@code state} this thread's scope; null leaves every scope. */
  public static void set(@Nullable ScopeState state) {
    if (state == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(state);
    }
  }

  /** This scope's context. */
  public RequestContext context() {
    return context;
  }

  /** This scope's context encoded as a JSON object, if an earlier call encoded it. */
  public byte @Nullable [] contextJson() {
    return contextJson;
  }

  /** Keeps this scope's context encoded as JSON for the scope's later calls. */
  public void contextJson(byte[] json) {
    this.contextJson = json;
  }

  /** The uuid of this scope's current user, or null before any {@code init} in it. */
  public @Nullable String currentUser() {
    return currentUser;
  }

  /** Makes {@code uuid} this scope's current user. */
  public void currentUser(String uuid) {
    this.currentUser = uuid;
  }
}
