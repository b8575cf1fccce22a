package io.atrack.sdk.internal.delivery;

import io.atrack.sdk.RequestKind;
import io.atrack.sdk.transport.TransportResponse;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One accepted call on its way to the API: its serialised body and the future to complete.
 * Internal: not API.
 *
 * <p>A request finishes exactly once ({@link #markDelivered()} or {@link #markFailed()}), whoever
 * gets there first: the delivery thread, or {@code close()} failing what is left. Counters and
 * per-user order hang on that, never on the caller's future, which the caller may complete or
 * cancel at will.
 */
public final class OutboundRequest {
  /** What the SDK counts against the byte bound for one request besides its body. */
  public static final int OVERHEAD_BYTES = 256;

  private static final VarHandle STATE;
  private static final int OPEN = 0;
  private static final int DELIVERED = 1;
  private static final int FAILED = 2;
  private static final VarHandle EPOCH;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(OutboundRequest.class, "state", int.class);
      EPOCH = lookup.findVarHandle(OutboundRequest.class, "epoch", FlushTracker.Epoch.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final RequestKind kind;
  private final String uuid;
  // Replaced before the request is handed to its lane (the outbox drops a waiting request's body
  // from memory and reads it back), on the thread that then hands it over; and by the lane work,
  // before the first attempt, on the thread that then sends it. Later attempts and the completion
  // happen after both through the pool's and the timer's queues.
  private byte[] body;
  private final long cost;
  private final CompletableFuture<Object> future;
  private @Nullable Object result; // replaced only by the lane work, as the body
  private final long acceptedNanos;
  private final @Nullable LaneWork work;
  private int attempts;
  private int lastStatus;
  private long outboxRef = -1;

  @SuppressWarnings("unused") // through EPOCH
  private volatile FlushTracker.@Nullable Epoch epoch;

  // Set by the I/O thread, taken by the delivery thread the request is dispatched to next.
  private volatile @Nullable Answer answer;

  // OPEN, then DELIVERED or FAILED once; through STATE.
  private volatile int state;

  /** A request that completes {@code future} with {@code result} once delivered. */
  public OutboundRequest(
      RequestKind kind,
      String uuid,
      byte[] body,
      CompletableFuture<Object> future,
      @Nullable Object result,
      long acceptedNanos) {
    this(kind, uuid, body, future, result, acceptedNanos, null);
  }

  /**
   * A request whose {@code work} runs in its user's lane before its first attempt (a state change's
   * storage work), and may replace its body and result.
   */
  public OutboundRequest(
      RequestKind kind,
      String uuid,
      byte[] body,
      CompletableFuture<Object> future,
      @Nullable Object result,
      long acceptedNanos,
      @Nullable LaneWork work) {
    this.kind = kind;
    this.uuid = uuid;
    this.body = body;
    this.cost = (long) body.length + OVERHEAD_BYTES;
    this.future = future;
    this.result = result;
    this.acceptedNanos = acceptedNanos;
    this.work = work;
  }

  /** What runs in the lane before the first attempt, or null. */
  public @Nullable LaneWork work() {
    return work;
  }

  /** Replaces the value the future completes with; only the lane work does. */
  public void result(@Nullable Object result) {
    this.result = result;
  }

  /** Which endpoint. */
  public RequestKind kind() {
    return kind;
  }

  /** The user, the key of per-user order. */
  public String uuid() {
    return uuid;
  }

  /** The JSON body, the same bytes on every attempt. */
  public byte[] body() {
    return body;
  }

  /**
   * Replaces the body: the outbox, before the request is handed to its lane; the lane work, before
   * the first attempt.
   */
  public void body(byte[] body) {
    this.body = body;
  }

  /**
   * What this request costs against the byte bound: fixed when accepted, so the room taken and the
   * room given back match even when the body is replaced (the lane work's is one byte longer or
   * shorter).
   */
  public long cost() {
    return cost;
  }

  /** Where the outbox keeps this request ({@code segment << 32 | offset}), or -1 when not kept. */
  public long outboxRef() {
    return outboxRef;
  }

  /** Notes where the outbox keeps this request; set before the request is handed to anyone. */
  public void outboxRef(long ref) {
    this.outboxRef = ref;
  }

  /** The caller's future. */
  public CompletableFuture<Object> future() {
    return future;
  }

  /** The value the future completes with on delivery. */
  public @Nullable Object result() {
    return result;
  }

  /** {@link System#nanoTime()} when the call accepted it. */
  public long acceptedNanos() {
    return acceptedNanos;
  }

  /** Attempts made so far. Written and read by one delivery thread at a time. */
  public int attempts() {
    return attempts;
  }

  /** Counts one more attempt and returns the new count. */
  public int addAttempt() {
    return ++attempts;
  }

  /** The last HTTP status seen, 0 when none. */
  public int lastStatus() {
    return lastStatus;
  }

  /** Records the last HTTP status seen. */
  public void lastStatus(int status) {
    this.lastStatus = status;
  }

  void epoch(FlushTracker.Epoch epoch) {
    EPOCH.setVolatile(this, epoch);
  }

  /**
   * The epoch this request is counted in, the first time only; null after. Counting a request out
   * twice would let a later flush() complete before everything it waits for has finished.
   */
  FlushTracker.@Nullable Epoch takeEpoch() {
    return (FlushTracker.Epoch) EPOCH.getAndSet(this, (FlushTracker.Epoch) null);
  }

  /** Finishes this request as delivered: true for the one caller that finishes it, else false. */
  public boolean markDelivered() {
    return STATE.compareAndSet(this, OPEN, DELIVERED);
  }

  /** Finishes this request as failed: true for the one caller that finishes it, else false. */
  public boolean markFailed() {
    return STATE.compareAndSet(this, OPEN, FAILED);
  }

  /**
   * Keeps the outcome of the attempt an asynchronous transport just ended, for the delivery thread
   * the request is handed to next ({@link #takeAnswer()}).
   */
  public void answer(@Nullable TransportResponse response, @Nullable IOException failure) {
    answer = new Answer(response, failure);
  }

  /** The outcome kept by {@link #answer}, once; null when the request waits for its attempt. */
  public @Nullable Answer takeAnswer() {
    Answer a = answer;
    if (a != null) {
      answer = null;
    }
    return a;
  }

  /** What an asynchronous attempt ended with: exactly one of the two is not null. */
  public record Answer(@Nullable TransportResponse response, @Nullable IOException failure) {}

  /** Whether the request has finished (delivered or failed). */
  public boolean isFinished() {
    return state != OPEN;
  }

  /** Whether the request has finished delivered. */
  public boolean isDelivered() {
    return state == DELIVERED;
  }

  /** Names the kind and attempts only: the uuid may be personal data, the body surely is. */
  @Override
  public String toString() {
    return "OutboundRequest{" + kind + ", attempts=" + attempts + '}';
  }
}
