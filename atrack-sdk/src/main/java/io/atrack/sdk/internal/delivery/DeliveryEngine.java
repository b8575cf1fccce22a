package io.atrack.sdk.internal.delivery;

import io.atrack.sdk.ATrackException;
import io.atrack.sdk.ATrackRejectedException.Reason;
import io.atrack.sdk.FlushResult;
import io.atrack.sdk.QueueFullPolicy;
import io.atrack.sdk.RequestKind;
import io.atrack.sdk.Stats;
import io.atrack.sdk.internal.outbox.Outbox;
import io.atrack.sdk.internal.outbox.OutboxSink;
import io.atrack.sdk.internal.sender.AsyncTransport;
import io.atrack.sdk.internal.sender.TransportAccess;
import io.atrack.sdk.transport.TransportRequest;
import io.atrack.sdk.transport.TransportResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Takes serialised requests and delivers them: bounded, in per-user order, with retries, and with
 * every accepted request ending delivered or failed exactly once. Internal: not API.
 *
 * <p>The path of a request: {@link #submit} takes room in the {@link QueueBudget} (or rejects),
 * counts it for {@code flush()} in the {@link FlushTracker}, and gives it to {@link UserLanes},
 * which passes it to the {@link SenderPool} when its user's order allows. A delivery thread sends
 * it; a transient failure schedules a retry on the retry timer, which hands it back to the pool
 * (its lane keeps it "running", so the user's later state changes keep waiting). When it finishes,
 * its room is given back and its lane starts what waited for it.
 */
public final class DeliveryEngine {
  private static final Logger log = System.getLogger(DeliveryEngine.class.getName());

  /** Delivery threads awake beside an {@link AsyncTransport}'s I/O thread. */
  static final int ASYNC_DELIVERY_THREADS = 2;

  /** Delivery threads at most beside it, the others than the first two only while those block. */
  static final int MAX_ASYNC_DELIVERY_THREADS = 32;

  private static final long SHUTDOWN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final DeliveryConfig config;
  private final FailureMessages messages;
  private final Map<RequestKind, URI> uris = new EnumMap<>(RequestKind.class);
  private final QueueBudget budget;
  private final FlushTracker flushTracker = new FlushTracker();
  private final UserLanes lanes = new UserLanes();
  private final SenderPool pool;
  private final @Nullable AsyncTransport async;

  /** With an {@link AsyncTransport}: at most maxInFlight requests handed to it at once. */
  private final InFlightSlots slots;

  /** Requests an {@link AsyncTransport} is sending now: close() fails them if it must. */
  private final Set<OutboundRequest> exchanging = ConcurrentHashMap.newKeySet();

  private final Consumer<OutboundRequest> dispatch; // one bound reference, not one per call
  private final EngineTime time; // now, waits, and the retry timer
  private final RetryTimer retries;
  private final DeliveryCounters counters = new DeliveryCounters();
  private final FailureReporter reporter;

  // The durable outbox, or null: then the memory queue is all there is.
  private final @Nullable Outbox outbox;
  private final OutboxBridge bridge = new OutboxBridge();

  private volatile boolean closed;
  private volatile boolean stopping;
  private volatile boolean shuttingDown; // the JVM is exiting: closeAtShutdown runs
  private volatile long shutdownTimeoutNanos;
  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private volatile @Nullable Thread closingThread;

  /** An engine sending through {@code config.transport()}; threads start on first use. */
  public DeliveryEngine(DeliveryConfig config) {
    this.config = config;
    this.outbox = config.outbox() == null ? null : Outbox.open(config.outbox()); // may throw
    this.messages = new FailureMessages(config);
    for (RequestKind kind : RequestKind.values()) {
      uris.put(kind, URI.create(config.baseUrl() + kind.path()));
    }
    EngineTime injected = config.time();
    this.time = injected != null ? injected : EngineTime.system(config.threadName() + "-retry");
    this.budget = new QueueBudget(config.maxQueueSize(), config.maxQueueBytes(), time::nanoTime);
    this.async = config.transport() instanceof AsyncTransport a ? a : null;
    this.slots = new InFlightSlots(config.maxInFlight());
    // A blocking transport holds a thread per request in flight; with an asynchronous one the
    // threads only prepare requests and handle answers, so a few suffice.
    this.pool =
        async != null
            ? new SenderPool(
                Math.min(MAX_ASYNC_DELIVERY_THREADS, config.maxInFlight()),
                ASYNC_DELIVERY_THREADS,
                config.threadName() + "-",
                this::attempt)
            : new SenderPool(config.maxInFlight(), config.threadName() + "-", this::attempt);
    this.dispatch = pool::dispatch;
    this.retries = new RetryTimer(time, dispatch);
    this.reporter = new FailureReporter(config, messages, budget, outbox != null, time::nanoTime);
    if (outbox != null) {
      outbox.start(bridge);
    }
  }

  /**
   * Accepts a request, or rejects it at once (queue full, closed). Never blocks unless the policy
   * is {@link QueueFullPolicy#BLOCK}.
   *
   * @return a future completing with {@code result} once the API acknowledged the request, or
   *     failing with an {@link ATrackException}
   */
  public CompletableFuture<Object> submit(
      RequestKind kind, String uuid, byte[] body, @Nullable Object result) {
    return submit(kind, uuid, body, result, null);
  }

  /**
   * Like {@link #submit(RequestKind, String, byte[], Object)}, with {@code work} to run in the
   * user's lane before the first attempt ({@link LaneWork}). A request rejected here never runs its
   * work: the caller sees the rejection on the returned future.
   */
  public CompletableFuture<Object> submit(
      RequestKind kind,
      String uuid,
      byte[] body,
      @Nullable Object result,
      @Nullable LaneWork work) {
    CompletableFuture<Object> future = new CompletableFuture<>();
    if (closed) {
      reject(kind, uuid, future, Reason.CLOSED, "the client is closed");
      return future;
    }
    OutboundRequest request =
        new OutboundRequest(kind, uuid, body, future, result, time.nanoTime(), work);
    if (outbox != null) {
      submitDurable(outbox, request);
      return future;
    }
    if (!takeRoom(request.cost())) {
      reject(
          kind,
          uuid,
          future,
          Reason.QUEUE_FULL,
          "the queue is full (maxQueueSize="
              + budget.maxRequests()
              + ", maxQueueBytes="
              + budget.maxBytes()
              + ")");
      return future;
    }
    counters.enqueued(kind);
    flushTracker.register(request);
    lanes.submit(request, dispatch);
    if (stopping) {
      // close() is past its drain, or draining now: make sure this request does not stay behind.
      failLeftovers();
    }
    return future;
  }

  /** With the outbox: the outbox is the queue; the memory budget bounds only what is sent. */
  private void submitDurable(Outbox box, OutboundRequest request) {
    Outbox.Admission admission = box.append(request, bridge);
    if (admission == Outbox.Admission.FULL) {
      if (closed) {
        reject(request.kind(), request.uuid(), request.future(), Reason.CLOSED, "closed");
      } else {
        reject(
            request.kind(),
            request.uuid(),
            request.future(),
            Reason.QUEUE_FULL,
            "the outbox " + box.directory() + " is full (outboxMaxBytes=" + box.maxBytes() + ")");
      }
      return;
    }
    if (admission == Outbox.Admission.DIRECT) {
      lanes.submit(request, dispatch);
    }
    if (stopping) {
      failLeftovers();
    }
  }

  /**
   * A future completing when every request accepted before this call has finished, with how many of
   * those unfinished at the call were delivered and failed.
   */
  public CompletableFuture<FlushResult> flush() {
    if (outbox != null && !outbox.replayFed().isDone()) {
      // What an earlier run left is queued too: wait until it is handed over, then for it.
      return outbox.replayFed().thenCompose(v -> flush());
    }
    return flushTracker.flush().thenApply(c -> config.outcomes().flushResult(c[0], c[1]));
  }

  /** Counters now. */
  public Stats stats() {
    return counters.stats(config.outcomes(), budget, outbox);
  }

  /** Bytes held for accepted, unfinished requests, for tests. */
  public long queuedBytes() {
    return budget.bytes();
  }

  /** The delivery threads and the transport's I/O thread alive now, for tests. */
  public List<Thread> threads() {
    AsyncTransport a = async;
    if (a == null) {
      return pool.threads();
    }
    List<Thread> all = new java.util.ArrayList<>(pool.threads());
    all.addAll(a.threads());
    return all;
  }

  /**
   * Stops intake, waits up to {@code timeoutNanos} for everything accepted to finish, fails what is
   * left with {@link Reason#CLOSE_TIMEOUT}, and stops every thread. Idempotent: a second call waits
   * for the first to end, unless it comes from the thread running the first (a callback of a
   * request the close fails), which would wait for itself forever: that one returns at once.
   */
  public void close(long timeoutNanos) {
    close(timeoutNanos, false);
  }

  /**
   * Like {@link #close(long)}; {@code jvmExiting} when run by the shutdown hook. Then a delivery
   * thread that is inside a callback is not waited for: it may be the very thread that called
   * {@code System.exit()}, blocked until this hook returns, and waiting for it would hold the exit
   * for the whole timeout. The JVM ends daemon threads anyway.
   */
  public void close(long timeoutNanos, boolean jvmExiting) {
    if (!closeStarted.compareAndSet(false, true)) {
      if (Thread.currentThread() != closingThread) {
        terminated.join();
      }
      return;
    }
    closingThread = Thread.currentThread();
    try {
      closeOnce(timeoutNanos, jvmExiting);
    } finally {
      // Even if a custom transport's close() threw: later close() calls must not wait forever.
      closingThread = null;
      terminated.complete(null);
    }
  }

  /**
   * Closes for the JVM's shutdown hook: other hooks (a server finishing its requests, a framework's
   * graceful shutdown) may still call, so intake stays open and delivery goes on while {@code
   * othersBusy} says such code is running or requests are held, until {@code timeoutNanos} has
   * passed; then closes with the time left. Logs at WARNING what the shutdown could not deliver.
   */
  public void closeAtShutdown(long timeoutNanos, BooleanSupplier othersBusy) {
    shutdownTimeoutNanos = timeoutNanos;
    long deadline = time.nanoTime() + timeoutNanos;
    long enqueuedBefore = counters.totalEnqueued();
    shuttingDown = true;
    countOutCompleted();
    while (!closed) {
      long left = deadline - time.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        if (!time.await(flush(), left)) {
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      boolean held = budget.requests() > 0;
      if (!held && !othersBusy.getAsBoolean()) {
        break;
      }
      if (!held) {
        // Others are still running; look again soon. Requests they make meanwhile start at once.
        LockSupport.parkNanos(Math.min(deadline - time.nanoTime(), SHUTDOWN_POLL_NANOS));
      }
    }
    long acceptedDuringShutdown = counters.totalEnqueued() - enqueuedBefore;
    close(Math.max(0, deadline - time.nanoTime()), true);
    log.log(
        Level.DEBUG,
        () ->
            "JVM shutdown: closed the A-Track client "
                + config.maskedKey()
                + "; "
                + acceptedDuringShutdown
                + " request(s) accepted while the JVM was exiting");
  }

  private void closeOnce(long timeoutNanos, boolean jvmExiting) {
    long deadline = time.nanoTime() + timeoutNanos;
    long failedBefore = counters.totalFailed();
    closed = true;
    countOutCompleted();
    try {
      time.await(flush(), timeoutNanos); // what is left then is failed below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopping = true;
    if (outbox != null) {
      outbox.stopFeeding(); // what waits on disk stays there for the next run
    }
    time.shutdown();
    failLeftovers();
    try {
      config.transport().close();
    } catch (RuntimeException e) {
      log.log(
          Level.WARNING, "The transport failed to close; stopping the delivery threads anyway", e);
    }
    try {
      pool.stop(
          Math.max(TimeUnit.MILLISECONDS.toNanos(100), deadline - time.nanoTime()), jvmExiting);
      time.awaitTermination(TimeUnit.MILLISECONDS.toNanos(100));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failLeftovers();
    if (outbox != null) {
      closeOutbox(outbox);
    }
    long notDelivered = counters.totalFailed() - failedBefore;
    if (notDelivered > 0) {
      reporter.closedWithFailures(
          notDelivered, shuttingDown ? shutdownTimeoutNanos : timeoutNanos, shuttingDown);
    }
    reporter.flush(); // what the rate limit held back: the counts of all lines add up
  }

  /**
   * A request whose future is complete but whose callbacks still run (on a delivery thread) is
   * counted out of flush() only after they return. Counts such requests out now: close() may be
   * running inside one of those callbacks (it would wait its whole timeout for itself), or the
   * callback may be blocked in System.exit(), waiting for the shutdown hook that closes us. Their
   * futures are complete already, so flush() still completes only after them. Once closing, {@link
   * #succeed} and {@link #fail} count out before completing, for callbacks that block later.
   */
  private void countOutCompleted() {
    for (OutboundRequest r : pool.inFlightRequests()) {
      if (r.isFinished()) {
        flushTracker.finished(r);
      }
    }
  }

  private void closeOutbox(Outbox box) {
    box.close();
    long left = counters.keptCount();
    if (left > 0) {
      reporter.keptInOutbox(left, box.directory());
    }
  }

  private boolean takeRoom(long cost) {
    if (config.queueFullPolicy() == QueueFullPolicy.BLOCK) {
      try {
        return budget.acquire(cost, config.blockTimeout().toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return budget.tryAcquire(cost);
  }

  /**
   * Runs on a delivery thread: one attempt, then success, a scheduled retry, or failure. With an
   * {@link AsyncTransport} the attempt only starts here; its answer comes back to a delivery thread
   * as the same request with {@link OutboundRequest#takeAnswer() an answer}, handled here too.
   */
  private void attempt(OutboundRequest request) {
    OutboundRequest.Answer answer = request.takeAnswer();
    if (answer != null) {
      exchanging.remove(request);
      counters.sendEnded();
      slots.release();
      if (!request.isFinished()) { // else failed by close() while the answer was on its way
        ended(request, request.attempts(), answer.response(), answer.failure(), null);
      }
      startWaiting();
      return;
    }
    if (request.isFinished()) {
      return; // failed by close() while it waited
    }
    if (async != null && !slots.tryAcquire()) {
      slots.await(request); // the next answer starts it (startWaiting)
      startWaiting(); // unless a slot was freed since tryAcquire: then now
      return;
    }
    start(request);
  }

  /** Starts the attempts of requests that waited for an in-flight slot, while slots are free. */
  private void startWaiting() {
    OutboundRequest r;
    while ((r = slots.next()) != null) {
      if (r.isFinished()) {
        slots.release(); // failed by close() meanwhile
        continue;
      }
      start(r);
    }
  }

  private void start(OutboundRequest request) {
    int attempt = request.addAttempt();
    LaneWork work = request.work();
    if (attempt == 1 && work != null) {
      runLaneWork(work, request);
    }
    // The body itself, no copy: TransportRequest lets no transport change it.
    TransportRequest outgoing =
        TransportAccess.wrap(
            Objects.requireNonNull(uris.get(request.kind())), // every kind has one
            config.headers(),
            request.body(),
            config.requestTimeout());
    counters.sendStarted();
    AsyncTransport async = this.async;
    if (async != null) {
      exchanging.add(request);
      try {
        async.sendAsync(
            outgoing,
            (response, failure) -> {
              request.answer(response, failure);
              dispatch.accept(request);
            });
      } catch (RuntimeException e) {
        exchanging.remove(request);
        counters.sendEnded();
        slots.release();
        ended(request, attempt, null, null, e);
      }
      return;
    }
    TransportResponse response;
    try {
      response = config.transport().send(outgoing);
    } catch (IOException e) {
      counters.sendEnded();
      ended(request, attempt, null, e, null);
      return;
    } catch (RuntimeException e) {
      counters.sendEnded();
      ended(request, attempt, null, null, e);
      return;
    } catch (Error e) {
      counters.sendEnded();
      throw e;
    }
    counters.sendEnded();
    ended(request, attempt, response, null, null);
  }

  /** What follows an attempt that got {@code response}, or {@code failure}, or whose send threw. */
  private void ended(
      OutboundRequest request,
      int attempt,
      @Nullable TransportResponse response,
      @Nullable IOException failure,
      @Nullable RuntimeException threw) {
    if (threw != null) {
      if (outbox != null && stopping) {
        keep(request, true); // close() closed the transport under it: not the request's fault
        return;
      }
      // A custom transport's bug: not transient, so not retried.
      fail(request, messages.transportThrew(request, threw));
      return;
    }
    if (response == null) {
      IOException e = Objects.requireNonNull(failure);
      reporter.attempt(request, attempt, 0, e);
      if (mayRetry(request)) {
        scheduleRetry(request, null);
      } else if (outbox != null && stopping) {
        keep(request, true);
      } else if (stopping) {
        // close() gave up waiting and closed the transport under this exchange (or the request
        // slipped past its sweep on the way to this thread): that is a close timeout, not a
        // network failure.
        fail(request, messages.closedBeforeDelivery(request));
      } else {
        fail(request, messages.networkFailure(request, e));
      }
      return;
    }
    int status = response.statusCode();
    request.lastStatus(status);
    reporter.attempt(request, attempt, status, null);
    if (Retries.isSuccess(status)) {
      succeed(request);
    } else if (Retries.isRetryableStatus(status) && mayRetry(request)) {
      scheduleRetry(request, response.retryAfter());
    } else if (Retries.isRetryableStatus(status) && outbox != null && stopping) {
      keep(request, true);
    } else {
      fail(request, messages.httpFailure(request, response));
    }
  }

  private void runLaneWork(LaneWork work, OutboundRequest request) {
    try {
      work.beforeFirstAttempt(request);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      // The work catches its own storage failures; this is a bug, and must not lose the request.
      reporter.laneWorkFailed(t);
    }
  }

  private static void finishWork(OutboundRequest request) {
    LaneWork work = request.work();
    if (work != null) {
      work.finished(request);
    }
  }

  // With the outbox, transient failures never use a request up: only its age does.
  private boolean mayRetry(OutboundRequest request) {
    return !stopping && (outbox != null || request.attempts() < config.retryPolicy().maxAttempts());
  }

  private void scheduleRetry(OutboundRequest request, @Nullable String retryAfter) {
    long delay =
        Retries.delayNanos(
            config.retryPolicy(), request.attempts(), retryAfter, config.clock(), Retries::jitter);
    long age = time.nanoTime() - request.acceptedNanos() + delay;
    long maxAge = outbox != null ? outbox.maxAgeNanos() : config.retryPolicy().maxAge().toNanos();
    if (age > maxAge) {
      fail(request, messages.expired(request));
      return;
    }
    counters.retried();
    if (!retries.schedule(request, delay)) {
      leftover(request);
    }
  }

  // Counters and the budget settle before the future completes: a callback, or a thread that
  // joined the future, must see the request counted as finished in stats().
  private void succeed(OutboundRequest request) {
    if (!request.markDelivered()) {
      return;
    }
    if (outbox != null) {
      outbox.finished(request, null);
    }
    finishWork(request);
    budget.release(request.cost());
    counters.delivered(request.kind());
    lanes.finished(request, dispatch);
    if (closed || shuttingDown) {
      flushTracker.finished(request); // see countOutCompleted: a callback may block for good
    }
    request.future().complete(request.result());
    flushTracker.finished(request);
  }

  private void fail(OutboundRequest request, ATrackException cause) {
    if (!request.markFailed()) {
      return;
    }
    if (outbox != null) {
      outbox.finished(request, cause);
    }
    finishWork(request);
    budget.release(request.cost());
    counters.failed(request.kind());
    lanes.finished(request, dispatch);
    if (closed || shuttingDown) {
      flushTracker.finished(request);
    }
    request.future().completeExceptionally(cause);
    reporter.failed(
        request.kind(), request.uuid(), request.lastStatus(), request.attempts(), cause);
    flushTracker.finished(request);
  }

  /** Fails a request that waited for its turn and never started (its lane is gone already). */
  private void failUnstarted(OutboundRequest request) {
    failUnstarted(request, messages.closedBeforeDelivery(request));
  }

  void failUnstarted(OutboundRequest request, ATrackException cause) {
    if (!request.markFailed()) {
      return;
    }
    if (outbox != null) {
      outbox.finished(request, cause);
    }
    finishWork(request);
    budget.release(request.cost());
    counters.failed(request.kind());
    request.future().completeExceptionally(cause);
    reporter.failed(request.kind(), request.uuid(), 0, request.attempts(), cause);
    flushTracker.finished(request);
  }

  private void reject(
      RequestKind kind, String uuid, CompletableFuture<Object> future, Reason reason, String why) {
    counters.rejected(kind);
    ATrackException cause = messages.rejected(kind, reason, why);
    future.completeExceptionally(cause);
    reporter.rejected(kind, uuid, reason, why, cause);
  }

  /** Fails everything not finished once close() gave up waiting; loops as lanes release more. */
  private void failLeftovers() {
    retries.drain(this::leftover);
    for (OutboundRequest r : pool.inFlightRequests()) {
      leftover(r);
    }
    for (OutboundRequest r : exchanging) {
      leftover(r); // its answer, if it comes, finds it finished
    }
    for (OutboundRequest r : slots.drain()) {
      leftover(r); // it holds a running place in its lane, like a request being sent
    }
    while (true) {
      List<OutboundRequest> ready = pool.drainReady();
      for (OutboundRequest r : ready) {
        leftover(r);
      }
      List<OutboundRequest> waiting = lanes.drainWaiting();
      for (OutboundRequest r : waiting) {
        if (outbox != null) {
          keep(r, false);
        } else {
          failUnstarted(r);
        }
      }
      if (outbox != null) {
        for (OutboundRequest r : outbox.drainBacklog()) {
          keep(r, false);
        }
      }
      if (ready.isEmpty() && waiting.isEmpty()) {
        return;
      }
    }
  }

  /** A request close() did not see finish: failed, or with the outbox kept for the next run. */
  private void leftover(OutboundRequest request) {
    if (outbox != null) {
      keep(request, true);
    } else {
      fail(request, messages.closedBeforeDelivery(request));
    }
  }

  /**
   * Ends a request close() did not see finish without failing it: it stays in the outbox, and the
   * next client built on the directory delivers it. Its future fails ({@code CLOSE_TIMEOUT}, saying
   * so); it is not counted as failed, nor told to the failure listener, but counted as queued.
   * {@code running}: it holds a running place in its lane (else it was waiting, or on disk only).
   */
  private void keep(OutboundRequest request, boolean running) {
    if (!request.markFailed()) {
      return;
    }
    Outbox box = java.util.Objects.requireNonNull(outbox);
    if (request.body().length > 0 || running) {
      budget.release(request.cost()); // it holds room: handed to the engine
    }
    counters.kept();
    if (running) {
      lanes.finished(request, dispatch);
    }
    request.future().completeExceptionally(messages.keptInOutbox(request, box.directory()));
    flushTracker.finished(request);
  }

  /** What the outbox's feeder and appends need of the engine: counters, budget, lanes. */
  private final class OutboxBridge implements OutboxSink {
    @Override
    public void accepted(OutboundRequest request) {
      counters.enqueued(request.kind());
      flushTracker.register(request);
    }

    @Override
    public boolean tryTakeRoom(long cost) {
      return budget.tryAcquire(cost);
    }

    @Override
    public boolean takeRoom(long cost, long timeoutNanos) throws InterruptedException {
      return budget.acquire(cost, timeoutNanos);
    }

    @Override
    public void start(OutboundRequest request) {
      lanes.submit(request, dispatch);
      if (stopping) {
        failLeftovers();
      }
    }

    @Override
    public void replayed(OutboundRequest request) {
      accepted(request);
      start(request);
    }

    @Override
    public long nanoTime() {
      return time.nanoTime();
    }

    @Override
    public void unreadable(OutboundRequest request) {
      failUnstarted(
          request,
          messages.networkFailure(
              request, new IOException("its record in the outbox could not be read back")));
    }
  }
}
