package io.atrack.sdk.internal.sender;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Enforces connect, handshake and exchange deadlines by closing the socket of a {@link Guard} whose
 * deadline passed, which makes the blocked {@code connect}, {@code read} or {@code write} fail at
 * once.
 *
 * <p>Why not {@code SO_TIMEOUT}: on JDK 17 the first timed read switches a socket to non-blocking
 * mode for good, and every later read becomes read, {@code EAGAIN}, {@code poll}, read: three
 * system calls instead of one, about 20% of a small exchange's CPU. With this watchdog the socket
 * stays blocking and a request pays one volatile write and one compare-and-set. (Okio's {@code
 * AsyncTimeout} works the same way.) Writes are bounded too, which {@code SO_TIMEOUT} never did.
 *
 * <p>One daemon thread, {@value #THREAD_NAME}, started on first use. It sleeps until the earliest
 * armed deadline; a request whose deadline comes sooner than the planned wake-up, or that finds the
 * thread parked for idleness, unparks it. With uniform timeouts neither happens in steady traffic,
 * so the thread wakes about once per timeout period while requests flow, and parks for good once a
 * whole period passes without any. It ends after {@link #shutdown()} once no guarded socket is
 * left.
 */
final class Watchdog implements Runnable {

  static final String THREAD_NAME = "atrack-sender-timeouts";

  /** The longest sleep while requests flow but none is in flight. */
  private static final long MAX_IDLE_TICK = 60_000_000_000L;

  private static final System.Logger log = System.getLogger(Watchdog.class.getName());

  private final Set<Guard> guards = ConcurrentHashMap.newKeySet();
  private final Object startLock = new Object();
  private volatile @Nullable Thread thread;
  private volatile boolean parked;
  private volatile long wakeAt;
  private volatile boolean stopping;
  private volatile long minTimeout = MAX_IDLE_TICK;

  /** A socket with a deadline, armed for one blocking operation at a time. */
  static final class Guard {
    private static final VarHandle DEADLINE;

    static {
      try {
        DEADLINE = MethodHandles.lookup().findVarHandle(Guard.class, "deadline", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Socket socket;

    /** {@link System#nanoTime()} deadline, or 0 when disarmed. */
    private volatile long deadline;

    /** Arms so far: read racily by the watchdog to tell traffic from idleness. */
    private int arms;

    Guard(Socket socket) {
      this.socket = socket;
    }

    /** Arms the guard; returns the token for {@link #disarm}. */
    private long arm(long deadline) {
      long token = deadline == 0 ? 1 : deadline;
      this.deadline = token;
      arms++;
      return token;
    }

    /** Disarms the guard: false when the watchdog fired first and closed the socket. */
    boolean disarm(long token) {
      return DEADLINE.compareAndSet(this, token, 0L);
    }

    private void fire(long token) {
      if (DEADLINE.compareAndSet(this, token, 0L)) {
        try {
          socket.close();
        } catch (IOException | RuntimeException e) {
          log.log(System.Logger.Level.DEBUG, () -> "Closing a timed-out socket failed: " + e);
        }
      }
    }
  }

  void register(Guard guard) {
    guards.add(guard);
  }

  void unregister(Guard guard) {
    guards.remove(guard);
    if (stopping && guards.isEmpty()) {
      Thread t = thread;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  /**
   * Arms {@code guard} to close its socket {@code timeoutNanos} from now.
   *
   * @return the token for {@link Guard#disarm}
   */
  long arm(Guard guard, long timeoutNanos) {
    long token = guard.arm(System.nanoTime() + timeoutNanos);
    if (timeoutNanos < minTimeout) {
      minTimeout = timeoutNanos;
    }
    // Pairs with the watchdog's "publish wakeAt or parked, then re-scan deadlines": one of the
    // two sides sees the other's write, so no deadline is missed.
    Thread t = thread;
    if (t == null || stopping) {
      ensureRunning();
    } else if (parked || token - wakeAt < 0) {
      LockSupport.unpark(t);
    }
    return token;
  }

  private void ensureRunning() {
    synchronized (startLock) {
      Thread t = thread;
      if (t == null) {
        t = new Thread(this, THREAD_NAME);
        t.setDaemon(true);
        thread = t;
        t.start();
      } else {
        LockSupport.unpark(t);
      }
    }
  }

  /** Closes every guarded socket now, so exchanges in flight fail at once. */
  void closeAll() {
    for (Guard guard : guards) {
      try {
        guard.socket.close();
      } catch (IOException | RuntimeException e) {
        log.log(System.Logger.Level.DEBUG, () -> "Closing a socket failed: " + e);
      }
    }
  }

  /** Lets the thread end once every guarded socket is closed. */
  void shutdown() {
    stopping = true;
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** The watchdog's thread, or null before first use; for tests. */
  @Nullable Thread thread() {
    return thread;
  }

  @Override
  public void run() {
    long seenArms = -1;
    while (true) {
      long now = System.nanoTime();
      long earliest = 0;
      boolean busy = false;
      long arms = 0;
      for (Guard guard : guards) {
        arms += guard.arms;
        long deadline = guard.deadline;
        if (deadline == 0) {
          continue;
        }
        if (deadline - now <= 0) {
          guard.fire(deadline);
        } else if (!busy || deadline - earliest < 0) {
          earliest = deadline;
          busy = true;
        }
      }
      if (stopping && guards.isEmpty()) {
        synchronized (startLock) {
          // Under the lock: an arm() racing with shutdown either sees null and starts a new
          // thread, or registered its guard before this check and keeps this one running.
          if (guards.isEmpty()) {
            thread = null;
            return;
          }
        }
      }
      if (busy) {
        sleepUntil(earliest);
      } else if (arms != seenArms) {
        seenArms = arms; // Traffic, none in flight right now: look again a timeout later.
        sleepUntil(now + Math.min(minTimeout, MAX_IDLE_TICK));
      } else {
        parkUntilArmed();
      }
    }
  }

  private void sleepUntil(long time) {
    wakeAt = time;
    if (armedBefore(time)) {
      return; // Armed after the scan, earlier than planned: scan again.
    }
    long left = time - System.nanoTime();
    if (left > 0) {
      LockSupport.parkNanos(this, left);
    }
  }

  private void parkUntilArmed() {
    parked = true;
    if (!anyArmed()) {
      LockSupport.park(this);
    }
    parked = false;
  }

  /** Whether a guard is armed with a deadline before {@code time}. */
  private boolean armedBefore(long time) {
    for (Guard guard : guards) {
      long deadline = guard.deadline;
      if (deadline != 0 && deadline - time < 0) {
        return true;
      }
    }
    return false;
  }

  private boolean anyArmed() {
    for (Guard guard : guards) {
      if (guard.deadline != 0) {
        return true;
      }
    }
    return false;
  }
}
