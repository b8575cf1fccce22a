package io.atrack.sdk;

import io.atrack.sdk.internal.delivery.LaneWork;
import io.atrack.sdk.internal.delivery.OutboundRequest;
import io.atrack.sdk.internal.delivery.RateLimitedLog;
import io.atrack.sdk.internal.json.StateBody;
import io.atrack.sdk.storage.UserStorage;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A client's side of the user storage: the storage work of each state change, run in the user's
 * lane, and the client's own writes not yet stored, so {@link ATrack#currentUser()} shows them at
 * once.
 *
 * <p><b>Where storage work runs.</b> {@code init} and {@code setAttributes} never call the storage
 * on the caller's thread: a shared storage is a network round trip, and a slow or absent one would
 * stall every caller. Each call registers a {@link Pending} write here and hands it to the delivery
 * engine as the request's {@link LaneWork}; the engine runs it on a delivery thread when the user's
 * lane lets the request start (a state change starts only after everything its user called before
 * it has finished), and sends the request only after it. So the storage sees one client's changes
 * of a user one at a time, in call order, and {@code isNewUser} in the body and in {@link
 * InitResult} is the storage's atomic answer.
 *
 * <p><b>Pending writes.</b> A write stays here from its call until its lane work has run (or its
 * request finished without running it: close() failed it): at most one per queued state change, so
 * the queue's bounds bound it too. {@link #read} lays this client's pending writes for a user over
 * what the storage holds, reading the pending writes first: a write that reaches the storage
 * between the two reads is then applied twice, which merges and replaces allow (applying a run of
 * them again gives the same attributes).
 *
 * <p><b>Failures.</b> A storage that throws never fails or loses a call: the request is sent,
 * {@code isNewUser} falls back to {@value #FALLBACK_IS_NEW_USER} (unless this call generated the
 * uuid), the failure is counted ({@link Stats#storageFailures()}) and logged at WARNING at most
 * once per 10 s. The storage is asked again on the next call: it recovers when it can answer again.
 */
final class UserWrites {
  /**
   * {@code isNewUser} when the storage cannot answer: false, because a returning user is far more
   * common than a new one, and because it is deferred rather than lost: a user first seen during an
   * outage is not recorded, so its first init after the storage recovers reports it new.
   */
  static final boolean FALLBACK_IS_NEW_USER = false;

  private static final System.Logger log = System.getLogger(UserWrites.class.getName());

  private final UserStorage storage;
  private final ConcurrentHashMap<String, ArrayDeque<Pending>> pending = new ConcurrentHashMap<>();
  private final LongAdder failures = new LongAdder();
  private final RateLimitedLog failureLog =
      new RateLimitedLog(log, Level.WARNING, TimeUnit.SECONDS.toNanos(10));

  UserWrites(UserStorage storage) {
    this.storage = storage;
  }

  /**
   * Registers an init's write; {@code known} is its {@code isNewUser} when no storage answer is
   * needed (a generated uuid: true), else null.
   */
  Pending init(String uuid, StateBody body, @Nullable Boolean known) {
    return add(new Pending(uuid, null, body, known));
  }

  /** Registers a {@code setAttributes} write. */
  Pending attributes(String uuid, AttributesMode mode, StateBody body) {
    return add(new Pending(uuid, mode, body, null));
  }

  /** Forgets a write whose request was rejected at once: the call changed nothing. */
  void discard(Pending write) {
    remove(write);
  }

  /**
   * The user as stored, with this client's pending writes laid over it. Calls the storage's {@code
   * get} on this thread; when it throws, the pending writes alone (counted as a failure).
   */
  User read(String uuid) {
    Pending[] queued = snapshot(uuid); // before the storage: see the class comment
    Optional<User> stored;
    try {
      stored = storage.get(uuid);
    } catch (RuntimeException e) {
      failed("get", e);
      stored = Optional.empty();
    }
    if (queued.length == 0) {
      return stored.orElseGet(() -> User.of(uuid));
    }
    Map<String, Object> attributes =
        new LinkedHashMap<>(stored.map(User::attributes).orElse(Map.of()));
    for (Pending p : queued) {
      if (p.mode == AttributesMode.REPLACE) {
        attributes.clear();
      }
      attributes.putAll(p.attributes());
    }
    return new User(uuid, attributes);
  }

  /** Storage calls that threw, since the client was built. */
  long failures() {
    return failures.sum();
  }

  /** Writes not yet applied to the storage, for tests. */
  int pendingCount() {
    int n = 0;
    for (ArrayDeque<Pending> q : pending.values()) {
      synchronized (q) {
        n += q.size();
      }
    }
    return n;
  }

  private Pending add(Pending write) {
    pending.compute(
        write.uuid,
        (k, q) -> {
          ArrayDeque<Pending> queue = q == null ? new ArrayDeque<>(2) : q;
          synchronized (queue) {
            queue.addLast(write);
          }
          return queue;
        });
    return write;
  }

  private void remove(Pending write) {
    pending.computeIfPresent(
        write.uuid,
        (k, q) -> {
          synchronized (q) {
            q.remove(write);
            return q.isEmpty() ? null : q;
          }
        });
  }

  private Pending[] snapshot(String uuid) {
    ArrayDeque<Pending> q = pending.get(uuid);
    if (q == null) {
      return NONE;
    }
    synchronized (q) {
      return q.toArray(NONE);
    }
  }

  private static final Pending[] NONE = new Pending[0];

  private void failed(String operation, RuntimeException e) {
    failures.increment();
    failureLog.log(
        n ->
            "The user storage failed "
                + n
                + " time(s); requests are still sent, isNewUser falls back to "
                + FALLBACK_IS_NEW_USER
                + "; last: "
                + operation
                + ": "
                + e);
    if (log.isLoggable(Level.DEBUG)) {
      log.log(Level.DEBUG, "User storage " + operation + " failed", e);
    }
  }

  /** One state change's storage work, from its call until it reached the storage. */
  final class Pending implements LaneWork {
    final String uuid;
    final @Nullable AttributesMode mode; // null: an init (merges its attributes)
    private final StateBody body;
    private final @Nullable Boolean known;
    private volatile @Nullable Map<String, Object> attributes;

    private Pending(
        String uuid, @Nullable AttributesMode mode, StateBody body, @Nullable Boolean known) {
      this.uuid = uuid;
      this.mode = mode;
      this.body = body;
      this.known = known;
    }

    /** The attributes as sent, read back from the body once. */
    Map<String, Object> attributes() {
      Map<String, Object> a = attributes;
      if (a == null) {
        a = body.attributes();
        attributes = a;
      }
      return a;
    }

    /**
     * Runs the storage work (on a delivery thread; a disabled client: on the caller's) and leaves
     * the overlay; returns the init's {@code isNewUser} (false for {@code setAttributes}).
     */
    boolean apply() {
      Map<String, Object> changes = attributes();
      boolean isNewUser = false;
      if (mode == null) {
        isNewUser = known != null ? known : FALLBACK_IS_NEW_USER;
        try {
          boolean recorded = storage.recordIfAbsent(uuid);
          if (known == null) {
            isNewUser = recorded;
          }
        } catch (RuntimeException e) {
          failed("recordIfAbsent", e);
        }
        if (!changes.isEmpty()) {
          write(changes);
        }
      } else {
        write(changes);
      }
      remove(this);
      return isNewUser;
    }

    @Override
    public void beforeFirstAttempt(OutboundRequest request) {
      boolean isNewUser = apply();
      if (mode == null) {
        request.body(body.withIsNewUser(isNewUser));
        request.result(new InitResult(uuid, isNewUser));
      }
    }

    private void write(Map<String, Object> changes) {
      try {
        if (mode == AttributesMode.REPLACE) {
          storage.replaceAttributes(uuid, changes);
        } else {
          storage.mergeAttributes(uuid, changes);
        }
      } catch (RuntimeException e) {
        failed(mode == AttributesMode.REPLACE ? "replaceAttributes" : "mergeAttributes", e);
      }
    }

    @Override
    public void finished(OutboundRequest request) {
      remove(this);
    }

    @Override
    public String toString() {
      return "Pending{" + (mode == null ? "init" : mode.wireName()) + '}';
    }
  }
}
