package io.atrack.sdk.internal.outbox;

import io.atrack.sdk.ATrackException;
import io.atrack.sdk.OutboxSync;
import io.atrack.sdk.QueueFullPolicy;
import io.atrack.sdk.internal.delivery.OutboundRequest;
import io.atrack.sdk.internal.delivery.RateLimitedLog;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The durable outbox: every accepted request is appended to a log on local disk before its call
 * returns, and leaves it once delivered or finally failed. Internal: not API.
 *
 * <p><b>The outbox is the queue.</b> A call appends its record under one short lock (a copy into a
 * memory-mapped segment: no system call). When nothing older waits in the outbox and the engine's
 * memory budget has room, the request goes straight to its user's lane with the body it has
 * ("direct"). Otherwise it waits on disk only ("backlog": its body is dropped from memory, a small
 * handle stays) and the {@link Feeder} thread reads it back in log order and hands it to the lanes
 * as the memory budget allows. Records of an earlier run are fed first. A request goes direct only
 * when the backlog is empty, so the lanes receive requests in log order and per-user order holds
 * across restarts.
 *
 * <p><b>Done.</b> {@link #finished} notes a request done in its segment's ack file (a duplicate
 * after a crash has the same body and so the same {@code eventId}); a finally failed one is also
 * written to the dead letters. A sealed segment whose records are all done is deleted.
 *
 * <p><b>Bounded.</b> Segment files take at most {@code maxBytes}; when a record does not fit, the
 * call is rejected or waits, as {@code queueFullPolicy} says.
 *
 * <p><b>One owner.</b> {@code outbox.lock} is locked ({@link FileChannel#tryLock()}) for the
 * outbox's lifetime: a second client on the directory, in this JVM or another, fails to open it.
 */
public final class Outbox {
  private static final Logger log = System.getLogger(Outbox.class.getName());
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final byte[] EMPTY = new byte[0];
  private static final RateLimitedLog ioLog =
      new RateLimitedLog(log, Level.WARNING, LOG_INTERVAL_NANOS);

  /** Where a call's request went. */
  public enum Admission {
    /** To its user's lane now, with its body. */
    DIRECT,
    /** To the backlog on disk; the feeder starts it later. */
    BACKLOG,
    /** Nowhere: the outbox is full (or closed); the call is rejected. */
    FULL
  }

  final OutboxSettings settings;
  final Path dir;
  final int segmentBytes;
  final int maxPayload;
  private final FileChannel lockChannel;
  private final FileLock lock;
  final DeadLetters deadLetters;
  private final ConcurrentHashMap<Long, Segment> segments = new ConcurrentHashMap<>();
  private final AtomicLong liveBytes = new AtomicLong();
  private final LongAdder deadLettered = new LongAdder();

  final ReentrantLock appendLock = new ReentrantLock();
  private final Condition space = appendLock.newCondition();
  private final Condition spareMade = appendLock.newCondition();
  // Under appendLock.
  private volatile @Nullable Segment current;
  private @Nullable Segment spare;
  private boolean makingSpare;
  private long nextId;
  private long nextSeq;
  private int spaceWaiters;
  private boolean closed;
  final ArrayDeque<OutboundRequest> backlog = new ArrayDeque<>();
  long replayLeft;

  private final ConcurrentLinkedQueue<MappedByteBuffer> sealedToForce =
      new ConcurrentLinkedQueue<>();
  private volatile boolean dirty;
  private final List<Recovery.Pending> replay;
  private final long damagedBytes;
  private final long damagedRecords;
  private final java.util.concurrent.CompletableFuture<@Nullable Void> replayFed =
      new java.util.concurrent.CompletableFuture<>();
  private @Nullable Feeder feeder;
  private @Nullable Thread syncThread;
  private volatile boolean stopSync;

  private Outbox(OutboxSettings settings, Path dir, FileChannel lockChannel, FileLock lock)
      throws IOException {
    this.settings = settings;
    this.dir = dir;
    this.segmentBytes = settings.segmentBytes();
    this.maxPayload = settings.maxRecordBytes() - Records.HEADER_BYTES;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.deadLetters = new DeadLetters(dir);
    Recovery r = Recovery.scan(dir, Math.max(maxPayload, 16 * 1024 * 1024));
    this.replay = r.pending;
    this.damagedBytes = r.damagedBytes;
    this.damagedRecords = r.damagedRecords;
    this.nextId = r.maxId + 1;
    this.nextSeq = r.maxSeq + 1;
    for (Recovery.Pending p : r.pending) {
      segments.put(p.segment().id, p.segment());
      liveBytes.addAndGet(p.segment().sizeOnDisk);
      replayLeft += p.offsets().length;
    }
    if (replayLeft == 0) {
      replayFed.complete(null);
    } else {
      long n = replayLeft;
      log.log(
          Level.INFO,
          () ->
              "Outbox "
                  + dir
                  + ": "
                  + n
                  + " request(s) left by an earlier run are delivered first");
    }
  }

  /**
   * Opens (creating it if needed) and locks the outbox directory, and reads what an earlier run
   * left there. Threads start with {@link #start}.
   *
   * @throws IllegalStateException when another client holds the directory
   * @throws IllegalArgumentException when the directory cannot be created, locked or read
   */
  public static Outbox open(OutboxSettings settings) {
    Path dir = settings.directory().toAbsolutePath().normalize();
    FileChannel ch;
    try {
      Files.createDirectories(dir);
      ch =
          Uninterrupted.run(
              () ->
                  FileChannel.open(
                      dir.resolve("outbox.lock"),
                      StandardOpenOption.CREATE,
                      StandardOpenOption.WRITE));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "The outbox directory " + dir + " cannot be created or written: " + e, e);
    }
    FileLock lock;
    try {
      lock = Uninterrupted.run(ch::tryLock);
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      closeQuietly(ch);
      throw new IllegalArgumentException("The outbox directory " + dir + " cannot be locked: " + e);
    }
    if (lock == null) {
      closeQuietly(ch);
      throw new IllegalStateException(
          "The outbox directory "
              + dir
              + " is in use by another A-Track client (its outbox.lock is held, in this JVM or"
              + " another process): one client owns an outbox directory at a time; give each"
              + " client its own directory, and close the old client before building a new one");
    }
    try {
      FileLock held = lock;
      return Uninterrupted.run(() -> new Outbox(settings, dir, ch, held));
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      throw new IllegalArgumentException(
          "The outbox directory " + dir + " cannot be read: " + e, e);
    }
  }

  /** Starts the feeder and, unless the policy is {@link OutboxSync#NONE}, the sync thread. */
  public void start(OutboxSink sink) {
    Feeder f = new Feeder(this, sink, replay, settings.threadName() + "-outbox");
    feeder = f;
    f.start();
    Thread t = new Thread(this::syncLoop, settings.threadName() + "-outbox-sync");
    t.setDaemon(true);
    syncThread = t;
    t.start();
  }

  /** The bound on the segment files' total size. */
  public long maxBytes() {
    return settings.maxBytes();
  }

  /** The directory, absolute. */
  public Path directory() {
    return dir;
  }

  /** Bytes skipped as damaged when this outbox was opened. */
  public long damagedBytes() {
    return damagedBytes;
  }

  /** Records skipped as damaged when this outbox was opened. */
  public long damagedRecords() {
    return damagedRecords;
  }

  /** Requests written to the dead letters since this outbox was opened. */
  public long deadLettered() {
    return deadLettered.sum();
  }

  /** This run's requests that wait in the outbox, not yet handed to the engine. */
  public long held() {
    appendLock.lock();
    try {
      return backlog.size();
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * Completes once every record an earlier run left has been handed to the engine (at once when
   * there were none).
   */
  public java.util.concurrent.CompletableFuture<@Nullable Void> replayFed() {
    return replayFed;
  }

  /** Called by the feeder when a replayed record has been handed over. */
  void replayedOne() {
    appendLock.lock();
    try {
      replayLeft--;
      if (replayLeft == 0) {
        replayFed.complete(null);
      }
    } finally {
      appendLock.unlock();
    }
  }

  /** The maximum age of a request, in nanoseconds. */
  public long maxAgeNanos() {
    return settings.maxAgeNanos();
  }

  /**
   * Appends a call's request; {@link OutboxSink#accepted} runs for it before this returns unless
   * the answer is {@link Admission#FULL}. With {@link Admission#DIRECT} the request took room in
   * the memory budget and the caller hands it to the lanes.
   */
  public Admission append(OutboundRequest request, OutboxSink sink) {
    byte[] uuid = Records.uuidBytes(request.uuid());
    byte[] body = request.body();
    int size = Records.size(uuid.length, body.length);
    long millis = System.currentTimeMillis();
    Segment s;
    int at;
    @Nullable MappedByteBuffer map;
    boolean direct;
    boolean wake = false;
    appendLock.lock();
    try {
      s = segmentWithRoom(size);
      if (s == null) {
        return Admission.FULL;
      }
      at = s.writePos;
      map = java.util.Objects.requireNonNull(s.map); // fits() checked it
      Records.write(map, at, request.kind(), uuid, millis, nextSeq++, body);
      s.writePos = at + size;
      s.records++;
      request.outboxRef((s.id << 32) | at);
      sink.accepted(request);
      direct = replayLeft == 0 && backlog.isEmpty() && sink.tryTakeRoom(request.cost());
      if (!direct) {
        request.body(EMPTY); // on disk only: memory holds what is being sent
        wake = backlog.isEmpty();
        backlog.addLast(request);
      }
    } finally {
      appendLock.unlock();
    }
    dirty = true;
    if (settings.sync() == OutboxSync.EVERY_CALL) {
      map.force(at, size);
    }
    Feeder f = feeder;
    if (wake && f != null) {
      f.wake();
    }
    return direct ? Admission.DIRECT : Admission.BACKLOG;
  }

  /** The current segment if the record fits, else a new one; null when full (after the policy). */
  private @Nullable Segment segmentWithRoom(int size) {
    long deadline = 0;
    while (!closed) {
      Segment s = current;
      if (s != null && s.fits(size)) {
        return s;
      }
      if (roll()) {
        continue;
      }
      if (settings.fullPolicy() != QueueFullPolicy.BLOCK) {
        return null;
      }
      long now = System.nanoTime();
      if (deadline == 0) {
        deadline = now + settings.blockTimeoutNanos();
      }
      if (now >= deadline) {
        return null;
      }
      spaceWaiters++;
      try {
        space.awaitNanos(deadline - now);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } finally {
        spaceWaiters--;
      }
    }
    return null;
  }

  /** Moves to a new segment (the spare, or one made now); false when there is no room. */
  private boolean roll() {
    while (makingSpare) {
      spareMade.awaitUninterruptibly(); // the sync thread is making it; ids stay in log order
    }
    Segment next = spare;
    spare = null;
    if (next == null) {
      if (liveBytes.get() + segmentBytes > settings.maxBytes()) {
        return false;
      }
      try {
        long id = nextId;
        next = Uninterrupted.run(() -> Segment.create(dir, id, segmentBytes));
      } catch (IOException e) {
        ioLog.log(n -> "Outbox " + dir + ": cannot create a segment (" + n + " time(s)): " + e);
        return false;
      }
      nextId++;
      liveBytes.addAndGet(segmentBytes);
      segments.put(next.id, next);
    }
    Segment old = current;
    current = next;
    if (old != null) {
      MappedByteBuffer m = old.map;
      if (m != null && settings.sync() != OutboxSync.NONE) {
        sealedToForce.add(m);
      }
      if (old.seal()) {
        removed(old);
      }
    }
    return true;
  }

  /**
   * Run by the sync thread: makes the next segment ahead (once the current one is half full, and
   * the first one at start), off the callers' path.
   */
  private void makeSpare() {
    long id;
    appendLock.lock();
    try {
      Segment c = current;
      // The first segment too: the first call after build() must not zero-fill one itself.
      if (closed
          || spare != null
          || makingSpare
          || (c != null && c.writePos < segmentBytes / 2)
          || liveBytes.get() + segmentBytes > settings.maxBytes()) {
        return;
      }
      id = nextId++;
      liveBytes.addAndGet(segmentBytes);
      makingSpare = true;
    } finally {
      appendLock.unlock();
    }
    Segment made = null;
    try {
      made = Segment.create(dir, id, segmentBytes);
    } catch (IOException e) {
      ioLog.log(n -> "Outbox " + dir + ": cannot create a segment (" + n + " time(s)): " + e);
    }
    appendLock.lock();
    try {
      makingSpare = false;
      if (made == null) {
        liveBytes.addAndGet(-segmentBytes);
      } else {
        segments.put(made.id, made);
        spare = made;
      }
      spareMade.signalAll();
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * A request has finished: delivered ({@code failure} null) or finally failed (written to the dead
   * letters). It is done in the outbox: a later run does not send it again.
   */
  public void finished(OutboundRequest request, @Nullable ATrackException failure) {
    long ref = request.outboxRef();
    if (ref < 0) {
      return;
    }
    if (failure != null) {
      deadLettered.increment();
      try {
        Uninterrupted.exec(
            () ->
                deadLetters.add(
                    request.kind(),
                    request.uuid(),
                    request.lastStatus(),
                    request.attempts(),
                    String.valueOf(failure.getMessage()),
                    request.body()));
      } catch (IOException e) {
        ioLog.log(n -> "Outbox " + dir + ": cannot write the dead letters (" + n + "): " + e);
      }
    }
    Segment s = segments.get(ref >>> 32);
    if (s != null && s.done((int) ref)) {
      removed(s);
    }
  }

  /** Marks a record done without delivering it (it could not be read back). */
  void skip(Segment s, int offset) {
    if (s.done(offset)) {
      removed(s);
    }
  }

  private void removed(Segment s) {
    if (segments.remove(s.id) != null) {
      liveBytes.addAndGet(-s.sizeOnDisk);
    }
    if (appendLock.isHeldByCurrentThread()) {
      space.signalAll();
      return;
    }
    appendLock.lock();
    try {
      if (spaceWaiters > 0) {
        space.signalAll();
      }
    } finally {
      appendLock.unlock();
    }
  }

  /** The segment holding {@code ref}, or null when it is gone. */
  @Nullable Segment segment(long ref) {
    return segments.get(ref >>> 32);
  }

  /** Stops the feeder; requests not handed to the engine stay in the backlog. */
  public void stopFeeding() {
    Feeder f = feeder;
    if (f != null) {
      f.stop();
    }
  }

  /** Removes and returns the backlog (after {@link #stopFeeding}): they stay on disk. */
  public List<OutboundRequest> drainBacklog() {
    appendLock.lock();
    try {
      List<OutboundRequest> all = new ArrayList<>(backlog);
      backlog.clear();
      return all;
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * Forces what was written (unless the policy is {@link OutboxSync#NONE}), closes every file and
   * releases the directory. What is not done stays for the next run.
   */
  public void close() {
    boolean interrupted = Thread.interrupted(); // see Uninterrupted
    try {
      closeFiles();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void closeFiles() {
    stopFeeding();
    stopSync = true;
    Thread t = syncThread;
    if (t != null) {
      java.util.concurrent.locks.LockSupport.unpark(t);
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Segment unused;
    appendLock.lock();
    try {
      closed = true;
      space.signalAll();
      unused = spare;
      spare = null;
    } finally {
      appendLock.unlock();
    }
    if (settings.sync() != OutboxSync.NONE) {
      forceAll();
    }
    if (unused != null) {
      unused.seal(); // empty: deleted
      removed(unused);
    }
    Segment c = current;
    if (c != null && c.seal()) {
      removed(c);
    }
    for (Segment s : segments.values()) {
      s.close();
    }
    deadLetters.close();
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel releases it too
    }
    closeQuietly(lockChannel);
  }

  private void syncLoop() {
    long interval =
        settings.sync() == OutboxSync.NONE
            ? TimeUnit.MILLISECONDS.toNanos(100)
            : settings.syncIntervalNanos();
    while (!stopSync) {
      try {
        makeSpare();
        if (settings.sync() != OutboxSync.NONE) {
          forceAll();
        }
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        ioLog.log(n -> "Outbox " + dir + ": cannot force the files to the disk (" + n + "): " + e);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(this, interval);
    }
  }

  private void forceAll() {
    MappedByteBuffer m;
    while ((m = sealedToForce.poll()) != null) {
      m.force();
    }
    if (dirty) {
      dirty = false;
      Segment c = current;
      MappedByteBuffer cm = c == null ? null : c.map;
      if (cm != null) {
        cm.force();
      }
    }
    for (Segment s : segments.values()) {
      try {
        s.forceAcks();
      } catch (IOException e) {
        ioLog.log(n -> "Outbox " + dir + ": cannot force an ack file (" + n + "): " + e);
      }
    }
  }

  static void ackFailed(Segment s, IOException e) {
    ioLog.log(
        n ->
            "Outbox: cannot note "
                + n
                + " delivered request(s) in "
                + s.ack
                + " ("
                + e
                + "); a later run sends them again with the same bodies");
  }

  static void deleteFailed(Segment s, IOException e) {
    ioLog.log(n -> "Outbox: cannot delete the finished segment " + s.log + " (" + n + "): " + e);
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
