package io.atrack.sdk;

import io.atrack.sdk.internal.context.ScopeState;
import io.atrack.sdk.internal.delivery.DeliveryEngine;
import io.atrack.sdk.internal.json.BodyEncoder;
import io.atrack.sdk.internal.json.Ids;
import io.atrack.sdk.internal.json.StateBody;
import io.atrack.sdk.storage.UserStorage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The A-Track client: sends user attributes and events to the A-Track analytics API.
 *
 * <p>Thread-safe and meant to be shared: build one per process and close it when the process stops
 * (a shutdown hook does that by default). Every call returns at once with a {@link
 * CompletableFuture}; delivery happens on the client's own daemon threads, in per-user order, with
 * retries.
 *
 * <pre>{@code
 * try (ATrack sdk = ATrack.builder().publicKey("pub_xxxxx").geo("fra").build()) {
 *   sdk.init(InitRequest.forUser("server-user-42"));
 *   sdk.track("order_created", Map.of("orderId", "ord_123", "total", 149));
 * }
 * }</pre>
 *
 * <p><b>Futures.</b> A future completes, on a delivery thread, when the API acknowledged the
 * request (2xx), or fails with an {@link ATrackException} once delivery has finally failed.
 * Ignoring it is normal: failures are also counted ({@link #stats()}), logged (rate-limited) and
 * told to the {@link ATrackBuilder#failureListener}. Keep callbacks short, or use the {@code
 * *Async} variants. The future is yours: completing or cancelling it changes only what you see.
 *
 * <p><b>Errors.</b> Bad input (a blank event name, a NaN attribute, a body over the size limit)
 * throws {@link IllegalArgumentException} or {@link NullPointerException} from the call itself, and
 * nothing is queued. A call that needs the current user when there is none throws {@link
 * IllegalStateException}.
 *
 * <p><b>The current user.</b> {@code init} makes its user the current user: the request scope's
 * inside a {@link RequestContext} scope, else the client's. The client-level current user suits
 * processes that serve one user at a time; servers use request scopes or explicit uuids.
 */
public final class ATrack implements AutoCloseable {
  private static final System.Logger log = System.getLogger(ATrack.class.getName());
  private static final int STRIPES = 64;

  private final String maskedKey;
  private final java.net.URI baseUrl;
  private final java.time.Clock clock;
  private final UserStorage storage;
  private final BodyEncoder encoder;
  private final @Nullable DeliveryEngine engine; // null: a disabled client
  private final UserWrites writes;
  private final long closeTimeoutNanos;
  private final AtomicReference<@Nullable String> clientUser = new AtomicReference<>();
  private final ClientUserWatch clientUserWatch = new ClientUserWatch();
  private final Object[] stripes = new Object[STRIPES];
  private final @Nullable Thread shutdownHook;
  private final Interceptor[] interceptors;

  ATrack(ATrackBuilder settings) {
    this.maskedKey = settings.maskedKey();
    this.baseUrl = settings.resolvedBaseUrl();
    this.clock = settings.clock();
    this.storage = settings.storage();
    this.encoder = new BodyEncoder(SdkVersion.VALUE, settings.maxBodyBytes());
    this.engine = settings.enabled() ? new DeliveryEngine(settings.deliveryConfig()) : null;
    this.writes = new UserWrites(storage);
    this.closeTimeoutNanos = settings.closeTimeout().toNanos();
    this.interceptors = settings.interceptors();
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
    if (settings.enabled() && settings.shutdownHook()) {
      Thread hook = new Thread(this::closeFromHook, "atrack-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      this.shutdownHook = hook;
    } else {
      this.shutdownHook = null;
    }
  }

  /**
   * A builder; {@link ATrackBuilder#publicKey} is the only required setting.
   *
   * @return a new builder with the defaults
   */
  public static ATrackBuilder builder() {
    return new ATrackBuilder();
  }

  /**
   * A disabled client, the same as {@code ATrack.builder().enabled(false).build()}: every call
   * validates its arguments as usual (and throws as usual), updates the stored and current user,
   * and completes at once, but nothing is sent. It needs no key, starts no thread and registers no
   * shutdown hook. For tests, local runs and switching analytics off by configuration.
   *
   * @return a new disabled client
   */
  public static ATrack disabled() {
    return builder().enabled(false).build();
  }

  /**
   * The SDK's version, as sent in {@code sdkVersion}, for example {@code 0.1.0}.
   *
   * @return the version, never empty
   */
  public static String sdkVersion() {
    return SdkVersion.VALUE;
  }

  /**
   * Initializes a user: the current user if there is one, else a newly generated uuid.
   *
   * @return completes with the user's uuid and {@code isNewUser} once the API acknowledged the init
   */
  public CompletableFuture<InitResult> init() {
    return init(InitRequest.empty());
  }

  /**
   * Creates or recognises a user and makes it the current user, sending {@code POST /init}.
   *
   * <p>The uuid is the request's, else the current user's ({@code isNewUser=false}), else a
   * generated random UUID ({@code isNewUser=true}). With a given uuid, {@code isNewUser} is true
   * when the user storage had no record of it ({@link UserStorage#recordIfAbsent}, atomic in a
   * shared storage), or {@code false} when the storage failed to answer. The request's attributes
   * are merged into the stored user's.
   *
   * <p>Returns at once: the storage is asked in the user's lane, on a delivery thread, just before
   * the request is sent, never on this thread (a disabled client asks it on this thread). {@link
   * #currentUser()} shows the change at once.
   *
   * <p>An {@link Interceptor} that drops the call makes it complete at once with the uuid it would
   * have used and {@code isNewUser} true only when that uuid was generated (the storage is not
   * asked); nothing is stored and the current user does not change.
   *
   * @param request the user and request information to send
   * @return completes with the uuid and {@code isNewUser} once the API acknowledged the init
   * @throws IllegalArgumentException when an attribute cannot be sent as JSON, the body is too
   *     large or an interceptor threw; nothing is queued or stored then
   */
  public CompletableFuture<InitResult> init(InitRequest request) {
    Validation.requireNonNull(request, "request");
    ScopeState scope = ScopeState.current();
    RequestContext context =
        (scope == null ? RequestContext.empty() : scope.context()).with(request.context());
    String uuid = request.uuid().orElse(null);
    boolean generated = false;
    if (uuid == null) {
      uuid = currentUuid(scope);
      if (uuid == null) {
        uuid = Ids.userId();
        generated = true;
      }
    }
    Map<String, ?> userAttributes = request.userAttributes();
    if (interceptors.length > 0) {
      Interceptor.Call call =
          intercept(new Interceptor.Call(RequestKind.INIT, uuid, null, userAttributes, context));
      if (call == null) {
        return CompletableFuture.completedFuture(new InitResult(uuid, generated));
      }
      userAttributes = call.attributes();
      context = call.context();
    }
    // Generated: new, no storage needed. Else the storage's answer (a scope's preset visitor uuid
    // is new on its first init; a current user set by an earlier init is stored, so it is not),
    // given in the user's lane (UserWrites): the body is encoded here with a guess that the lane
    // rewrites if the storage disagrees.
    Boolean known = generated ? Boolean.TRUE : null;
    StateBody body = encoder.init(uuid, generated, context, userAttributes);
    // The stripe keeps this client's pending writes of a user in the order their requests enter
    // the user's lane, so currentUser() lays them over the storage in the order the storage gets
    // them.
    synchronized (stripe(uuid)) {
      UserWrites.Pending write = writes.init(uuid, body, known);
      CompletableFuture<Object> sent =
          submit(RequestKind.INIT, uuid, body, new InitResult(uuid, body.isNewUser()), write);
      if (rejected(sent)) {
        writes.discard(write);
      } else {
        makeCurrent(scope, uuid);
      }
      return cast(sent);
    }
  }

  /**
   * The current user (the request scope's inside a scope, else the client's) with its attributes as
   * last set, or empty before any {@code init}.
   *
   * <p>The attributes are the storage's ({@link UserStorage#get}, called on this thread) with this
   * client's own changes not yet stored laid over them, so a call's change shows at once; what
   * other clients of a shared storage wrote shows once their writes are done. When the storage
   * fails, this client's pending changes alone (counted in {@link Stats#storageFailures()}).
   *
   * @return the current user, or empty
   */
  public Optional<User> currentUser() {
    String uuid = currentUuid(ScopeState.current());
    if (uuid == null) {
      return Optional.empty();
    }
    return Optional.of(writes.read(uuid));
  }

  /**
   * Merges {@code attributes} into the current user's, sending {@code POST /attributes}.
   *
   * @param attributes the attributes to merge; the map is copied
   * @return completes once the API acknowledged the request
   * @throws IllegalStateException when there is no current user
   * @throws IllegalArgumentException when an attribute cannot be sent as JSON or the body is too
   *     large
   */
  public CompletableFuture<Void> setAttributes(Map<String, ?> attributes) {
    return setAttributes(attributes, AttributesMode.MERGE);
  }

  /**
   * Merges or replaces the current user's attributes, sending {@code POST /attributes}.
   *
   * @param attributes the attributes to merge or set; the map is copied
   * @param mode whether to merge into or replace the stored attributes
   * @return completes once the API acknowledged the request
   * @throws IllegalStateException when there is no current user
   * @throws IllegalArgumentException when an attribute cannot be sent as JSON or the body is too
   *     large
   */
  public CompletableFuture<Void> setAttributes(Map<String, ?> attributes, AttributesMode mode) {
    return setAttributes(AttributesRequest.builder().attributes(attributes).mode(mode).build());
  }

  /**
   * Merges or replaces a user's attributes (the request's user, else the current user), sending
   * {@code POST /attributes}. {@link #currentUser()} shows the change at once; the storage gets it
   * in the user's lane just before the request is sent ({@link UserStorage#mergeAttributes} or
   * {@link UserStorage#replaceAttributes}), never on this thread (a disabled client: on this
   * thread).
   *
   * @param request the user, attributes and mode
   * @return completes once the API acknowledged the request
   * @throws IllegalStateException when the request names no uuid and there is no current user
   * @throws IllegalArgumentException when an attribute cannot be sent as JSON or the body is too
   *     large; nothing is queued or stored then
   */
  public CompletableFuture<Void> setAttributes(AttributesRequest request) {
    Validation.requireNonNull(request, "request");
    ScopeState scope = ScopeState.current();
    String uuid = request.uuid().orElseGet(() -> requireCurrentUuid(scope, "setAttributes"));
    RequestContext context = scope == null ? RequestContext.empty() : scope.context();
    Map<String, ?> attributes = request.attributes();
    if (interceptors.length > 0) {
      Interceptor.Call call =
          intercept(new Interceptor.Call(RequestKind.ATTRIBUTES, uuid, null, attributes, context));
      if (call == null) {
        return CompletableFuture.completedFuture(null);
      }
      attributes = call.attributes();
      context = call.context();
    }
    StateBody body = encoder.attributes(uuid, request.mode(), attributes, context);
    synchronized (stripe(uuid)) {
      UserWrites.Pending write = writes.attributes(uuid, request.mode(), body);
      CompletableFuture<Object> sent = submit(RequestKind.ATTRIBUTES, uuid, body, null, write);
      if (rejected(sent)) {
        writes.discard(write);
      }
      return cast(sent);
    }
  }

  /**
   * Tracks an event with no attributes for the current user.
   *
   * @param event the event's name
   * @return completes once the API acknowledged the event
   * @throws IllegalStateException when there is no current user
   * @throws IllegalArgumentException when the event name is blank, has control characters or is
   *     over 256 characters
   */
  public CompletableFuture<Void> track(String event) {
    return track(event, Map.of());
  }

  /**
   * Tracks an event for the current user, timestamped now, sending {@code POST /event}.
   *
   * @param event the event's name
   * @param attributes the event's attributes; the map is copied
   * @return completes once the API acknowledged the event
   * @throws IllegalStateException when there is no current user
   * @throws IllegalArgumentException when the event name is blank, has control characters or is
   *     over 256 characters, or an attribute cannot be sent as JSON; nothing is queued then
   */
  public CompletableFuture<Void> track(String event, Map<String, ?> attributes) {
    Validation.eventName(event);
    Validation.requireNonNull(attributes, "attributes");
    ScopeState scope = ScopeState.current();
    String uuid = requireCurrentUuid(scope, "track");
    if (interceptors.length > 0) {
      return interceptEvent(uuid, event, attributes, clock.millis(), null, scope);
    }
    return sendEvent(uuid, event, attributes, clock.millis(), scopeContextJson(scope));
  }

  /**
   * Tracks an event, sending {@code POST /event}: for the request's user (else the current user),
   * at the request's timestamp (else now), with the request's context (else the scope's).
   *
   * @param request the event, its user, timestamp, attributes and context
   * @return completes once the API acknowledged the event
   * @throws IllegalStateException when the request names no uuid and there is no current user
   * @throws IllegalArgumentException when an attribute cannot be sent as JSON or the body is too
   *     large; nothing is queued then
   */
  public CompletableFuture<Void> track(TrackRequest request) {
    Validation.requireNonNull(request, "request");
    ScopeState scope = ScopeState.current();
    String uuid = request.uuid().orElseGet(() -> requireCurrentUuid(scope, "track"));
    if (interceptors.length > 0) {
      long at = request.timestamp().map(Instant::toEpochMilli).orElseGet(clock::millis);
      return interceptEvent(
          uuid, request.event(), request.attributes(), at, request.context().orElse(null), scope);
    }
    byte[] contextJson =
        request.context().isPresent()
            ? encoder.context(request.context().get())
            : scopeContextJson(scope);
    long millis = request.timestamp().map(Instant::toEpochMilli).orElseGet(clock::millis);
    return sendEvent(uuid, request.event(), request.attributes(), millis, contextJson);
  }

  /**
   * track() through the interceptors: the scope's encoded context is reused only when they left the
   * context as it was.
   */
  @SuppressWarnings(
      "ReferenceEquality") // Identity on purpose: did an interceptor swap the context?
  private CompletableFuture<Void> interceptEvent(
      String uuid,
      String event,
      Map<String, ?> attributes,
      long millis,
      @Nullable RequestContext requestContext,
      @Nullable ScopeState scope) {
    RequestContext context =
        requestContext != null
            ? requestContext
            : scope == null ? RequestContext.empty() : scope.context();
    Interceptor.Call call =
        intercept(new Interceptor.Call(RequestKind.EVENT, uuid, event, attributes, context));
    if (call == null) {
      return CompletableFuture.completedFuture(null);
    }
    byte[] contextJson =
        requestContext == null && call.context() == context
            ? scopeContextJson(scope)
            : encoder.context(call.context());
    return sendEvent(uuid, event, call.attributes(), millis, contextJson);
  }

  /**
   * Runs the interceptors in order on this thread, under no lock; null when one dropped the call.
   *
   * @throws IllegalArgumentException naming the interceptor that threw, or that returned a call for
   *     another request
   */
  private Interceptor.@Nullable Call intercept(Interceptor.Call call) {
    Interceptor.Call current = call;
    for (Interceptor interceptor : interceptors) {
      Interceptor.Call next;
      try {
        next = interceptor.intercept(current);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "interceptor "
                + Printable.of(String.valueOf(interceptor), 200)
                + " threw on "
                + describe(current)
                + "; nothing was queued: "
                + e,
            e);
      }
      if (next == null) {
        return null;
      }
      if (next.kind() != current.kind()
          || !next.uuid().equals(current.uuid())
          || !next.event().equals(current.event())) {
        throw new IllegalArgumentException(
            "interceptor "
                + Printable.of(String.valueOf(interceptor), 200)
                + " returned a call for another request than "
                + describe(current)
                + "; change a call through call.toBuilder()");
      }
      current = next;
    }
    return current;
  }

  private static String describe(Interceptor.Call call) {
    return switch (call.kind()) {
      case INIT -> "init()";
      case ATTRIBUTES -> "setAttributes()";
      case EVENT -> "track(\"" + Printable.of(call.event().orElse(""), 60) + "\")";
    };
  }

  /** The scope's context as JSON, encoded by its first event and reused by the others. */
  private byte[] scopeContextJson(@Nullable ScopeState scope) {
    if (scope == null) {
      return encoder.context(RequestContext.empty());
    }
    byte[] json = scope.contextJson();
    if (json == null) {
      json = encoder.context(scope.context());
      scope.contextJson(json);
    }
    return json;
  }

  private CompletableFuture<Void> sendEvent(
      String uuid, String event, Map<String, ?> attributes, long millis, byte[] contextJson) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] body =
        encoder.event(
            uuid,
            event,
            attributes,
            millis,
            contextJson,
            Ids.v4High(random.nextLong()),
            Ids.v4Low(random.nextLong()));
    return cast(submit(RequestKind.EVENT, uuid, body, null));
  }

  /**
   * A future completing when every request accepted before this call has finished (delivered or
   * finally failed), with how many of the requests accepted since the previous {@code flush()} were
   * delivered and how many failed, whether they finished before this call or after: each accepted
   * request is counted by exactly one flush, the first one after it. It never fails, and it is
   * bounded: a request under retry finishes at the latest when the {@link RetryPolicy} gives up
   * ({@code maxAttempts}, {@code maxAge}), or when {@link #close()} times out. With the {@linkplain
   * ATrackBuilder#outbox outbox} on, it also waits for what an earlier run left there, and a
   * request is retried until {@code outboxMaxAge} (24 h by default): bound the wait ({@code
   * orTimeout}).
   *
   * <pre>{@code
   * FlushResult r = sdk.flush().join();
   * if (r.failed() > 0) {
   *   log.warn(r.failed() + " analytics request(s) lost");
   * }
   * }</pre>
   *
   * <p>Completes on the delivery thread that finished the last request waited for (or at once on
   * the caller's thread when nothing was unfinished).
   *
   * @return completes with the delivered and failed counts once everything accepted before the call
   *     has finished; never fails
   */
  public CompletableFuture<FlushResult> flush() {
    return engine == null
        ? CompletableFuture.completedFuture(new FlushResult(0, 0))
        : engine.flush();
  }

  /**
   * Delivery counters now (all zero for a disabled client), and the user storage's failures.
   *
   * @return a snapshot of the counters, consistent once a call's future has completed
   */
  public Stats stats() {
    if (engine == null) {
      int kinds = RequestKind.values().length;
      return new Stats(new long[kinds], new long[kinds], 0, new long[kinds], new long[kinds], 0, 0)
          .withStorageFailures(writes.failures());
    }
    return engine.stats().withStorageFailures(writes.failures());
  }

  /**
   * Whether this client sends anything: false for {@link #disabled()} clients.
   *
   * @return true unless the client was built disabled
   */
  public boolean enabled() {
    return engine != null;
  }

  /**
   * Hands a request to the engine; a disabled client completes it at once. Only queue-full and
   * closed rejections complete the engine's future inside this call.
   */
  private CompletableFuture<Object> submit(
      RequestKind kind, String uuid, byte[] body, @Nullable Object result) {
    DeliveryEngine e = engine;
    if (e == null) {
      return CompletableFuture.completedFuture(result);
    }
    return e.submit(kind, uuid, body, result);
  }

  /**
   * Hands a state change to the engine with its storage work, to run in the user's lane; a disabled
   * client runs the work here and completes at once, with the storage's {@code isNewUser}.
   */
  private CompletableFuture<Object> submit(
      RequestKind kind,
      String uuid,
      StateBody body,
      @Nullable Object result,
      UserWrites.Pending write) {
    DeliveryEngine e = engine;
    if (e == null) {
      boolean isNewUser = write.apply();
      return CompletableFuture.completedFuture(
          kind == RequestKind.INIT ? new InitResult(uuid, isNewUser) : null);
    }
    return e.submit(kind, uuid, body.bytes(), result, write);
  }

  /**
   * Stops intake (later calls' futures fail with {@link ATrackRejectedException.Reason#CLOSED}),
   * waits for everything accepted to be delivered up to the close timeout, fails what is left, and
   * stops the client's threads. Blocks the calling thread for at most the close timeout plus a
   * little. Idempotent and safe from any thread.
   *
   * <p>With the {@linkplain ATrackBuilder#outbox durable outbox}, what is left is not failed but
   * kept there for the next client built on the directory: its futures fail with {@link
   * ATrackRejectedException.Reason#CLOSE_TIMEOUT} (the message says it stays in the outbox), it is
   * not counted as failed, and {@link Stats#queued()} counts it.
   */
  @Override
  public void close() {
    if (engine == null) {
      return;
    }
    engine.close(closeTimeoutNanos);
    Thread hook = shutdownHook;
    if (hook != null && Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down already; the hook runs or has run close() itself.
      }
    }
  }

  /** Bytes held for accepted, unfinished requests, as the queue bound counts them. For tests. */
  long queuedBytes() {
    DeliveryEngine e = engine;
    return e == null ? 0 : e.queuedBytes();
  }

  /** This client's writes not yet applied to the storage. For tests that check they are bounded. */
  int pendingWrites() {
    return writes.pendingCount();
  }

  /** The delivery and retry threads alive now. For tests that check nothing is left behind. */
  List<Thread> threads() {
    return engine == null ? List.of() : engine.threads();
  }

  /**
   * The JVM is exiting: other shutdown hooks (a server finishing its requests) may still call the
   * client, so intake stays open while they run, up to the close timeout; then it closes.
   */
  private void closeFromHook() {
    DeliveryEngine e = engine;
    if (e == null) {
      return;
    }
    log.log(System.Logger.Level.DEBUG, "JVM shutdown: flushing A-Track client " + maskedKey);
    Thread self = Thread.currentThread();
    e.closeAtShutdown(closeTimeoutNanos, () -> ShutdownActivity.othersBusy(self));
  }

  @Override
  public String toString() {
    if (engine == null) {
      return "ATrack{disabled, storage=" + storage + '}';
    }
    return "ATrack{key=" + maskedKey + ", baseUrl=" + baseUrl + ", storage=" + storage + '}';
  }

  private @Nullable String currentUuid(@Nullable ScopeState scope) {
    return scope != null ? scope.currentUser() : clientUser.get();
  }

  private String requireCurrentUuid(@Nullable ScopeState scope, String call) {
    String uuid = currentUuid(scope);
    if (uuid == null) {
      throw new IllegalStateException(
          call
              + "() has no user: call init() first or pass a uuid"
              + (scope != null ? " (no init() in this request scope yet)" : ""));
    }
    return uuid;
  }

  private void makeCurrent(@Nullable ScopeState scope, String uuid) {
    if (scope != null) {
      scope.currentUser(uuid);
    } else {
      String before = clientUser.getAndSet(uuid);
      if (!uuid.equals(before)) {
        clientUserWatch.switched();
      }
    }
  }

  private Object stripe(String uuid) {
    return stripes[(uuid.hashCode() & 0x7fffffff) % STRIPES];
  }

  /**
   * Whether the engine refused the request at once (queue full, client closed): then the call
   * changes nothing, neither the stored user nor the current user. Only these two reasons complete
   * a future inside submit(); a delivery failure, however quick, is not one of them, so the answer
   * does not depend on timing.
   */
  private static boolean rejected(CompletableFuture<Object> sent) {
    if (!sent.isCompletedExceptionally()) {
      return false;
    }
    try {
      sent.getNow(null);
      return false;
    } catch (CompletionException | CancellationException e) {
      return e.getCause() instanceof ATrackRejectedException r
          && (r.reason() == ATrackRejectedException.Reason.QUEUE_FULL
              || r.reason() == ATrackRejectedException.Reason.CLOSED);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> CompletableFuture<T> cast(CompletableFuture<Object> future) {
    return (CompletableFuture<T>) (CompletableFuture<?>) future;
  }
}
