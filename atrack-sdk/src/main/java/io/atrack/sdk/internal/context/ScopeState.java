package io.atrack.sdk.internal.context;

import io.atrack.sdk.RequestContext;
import org.jspecify.annotations.Nullable;

/**
 * The state of one open request scope: its context and its current user. Internal: not API.
 *
 * <p>The current user is volatile because a scope can be carried to other threads with {@code
 * RequestContext.wrap}, and an {@code init} there must be seen by the request's own thread.
 *
 * <p>A thread holds a stack of {@link Frame}s, one per scope opened on it. Pooled threads serve one
 * request after another, so misuse must never leave a frame behind for the next request:
 *
 * <ul>
 *   <li>closing a frame that is not on top (out of order) also leaves every frame above it, which
 *       can only be scopes opened inside it and never closed;
 *   <li>a frame closed from another thread is marked closed, and its owner thread skips it (and
 *       drops it) the next time it looks at its scope or opens one;
 *   <li>{@link #clear()} drops every frame, for a container's request boundary.
 * </ul>
 *
 * A frame belongs to one thread; a {@code ScopeState} can be shared by many frames on many threads
 * (what {@code wrap} does), and closing a frame never changes the state other frames see.
 */
public final class ScopeState {
  private static final ThreadLocal<@Nullable Frame> CURRENT = new ThreadLocal<>();

  private final RequestContext context;
  private volatile @Nullable String currentUser;

  // The context as JSON, encoded by the first event of the scope and reused by the rest. Racy by
  // design: two threads may both encode it, and either result is the same bytes.
  private volatile byte @Nullable [] contextJson;

  /** A new scope with no current user. */
  public ScopeState(RequestContext context) {
    this(context, null);
  }

  /** A new scope whose current user is {@code currentUser} (null: none yet). */
  public ScopeState(RequestContext context, @Nullable String currentUser) {
    this.context = context;
    this.currentUser = currentUser;
  }

  /** The scope open on this thread, or null outside any. */
  public static @Nullable ScopeState current() {
    Frame top = openTop();
    return top == null ? null : top.state;
  }

  /** Opens a frame for {@code state} on this thread, above the scope open now. */
  public static Frame open(ScopeState state) {
    Frame frame = new Frame(state, openTop(), Thread.currentThread());
    CURRENT.set(frame);
    return frame;
  }

  /**
   * Closes {@code frame}: on its own thread, this thread's scope becomes the one open before it
   * (frames above it, opened inside it and never closed, go with it); from another thread it is
   * marked closed and its thread drops it when it next looks. Idempotent.
   */
  public static void close(Frame frame) {
    frame.closed = true;
    if (Thread.currentThread() != frame.owner) {
      return;
    }
    for (Frame f = CURRENT.get(); f != null; f = f.parent) {
      if (f == frame) {
        setFrame(openAncestor(frame.parent));
        return;
      }
    }
    // Not on this thread's stack any more: an outer scope was closed before it. Nothing to do.
  }

  /**
   * Makes {@code state} this thread's only scope (null: none), returning what was there, for {@link
   * #restore}. For running a task inside a captured scope on another thread.
   */
  public static @Nullable Frame enter(@Nullable ScopeState state) {
    Frame previous = CURRENT.get();
    setFrame(state == null ? null : new Frame(state, null, Thread.currentThread()));
    return previous;
  }

  /** Puts back exactly what {@link #enter} returned, whatever the task left. */
  public static void restore(@Nullable Frame previous) {
    setFrame(previous);
  }

  /**
   * Leaves every scope on this thread, returning whether one was open. At a request boundary of a
   * pooled thread, anything open is a leak from an earlier request.
   */
  public static boolean clear() {
    boolean open = openTop() != null;
    CURRENT.remove();
    return open;
  }

  private static @Nullable Frame openTop() {
    Frame top = CURRENT.get();
    if (top == null || !top.closed) {
      return top;
    }
    Frame open = openAncestor(top);
    setFrame(open);
    return open;
  }

  private static @Nullable Frame openAncestor(@Nullable Frame f) {
    while (f != null && f.closed) {
      f = f.parent;
    }
    return f;
  }

  private static void setFrame(@Nullable Frame frame) {
    if (frame == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(frame);
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

  /** One scope opened on one thread. Internal: not API. */
  public static final class Frame {
    private final ScopeState state;
    private final @Nullable Frame parent;
    private final Thread owner;
    // Written by the thread that closes the scope, which may not be the owner.
    private volatile boolean closed;

    private Frame(ScopeState state, @Nullable Frame parent, Thread owner) {
      this.state = state;
      this.parent = parent;
      this.owner = owner;
    }

    /** The scope this frame opened. */
    public ScopeState state() {
      return state;
    }
  }
}
