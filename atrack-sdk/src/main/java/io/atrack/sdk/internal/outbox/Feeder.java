package io.atrack.sdk.internal.outbox;

import io.atrack.sdk.internal.delivery.OutboundRequest;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The outbox's feeder thread ({@code atrack-delivery-N-outbox}): hands the requests that wait on
 * disk to the engine in log order, as its memory budget allows. First the records an earlier run
 * left (read back, with their bodies as they were written), then this run's backlog. Internal: not
 * API.
 *
 * <p>A backlog request leaves the backlog only after it was handed to its lane, and a call goes
 * direct only when the backlog is empty (both under the outbox's lock), so no call overtakes an
 * older request of its user that still waits on disk.
 */
final class Feeder implements Runnable {
  private static final Logger log = System.getLogger(Outbox.class.getName());
  private static final long ROOM_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Outbox outbox;
  private final OutboxSink sink;
  private final List<Recovery.Pending> replay;
  private final Thread thread;
  private int replaySegment;
  private int replayIndex;
  private volatile boolean stopped;
  private volatile boolean waiting;

  Feeder(Outbox outbox, OutboxSink sink, List<Recovery.Pending> replay, String name) {
    this.outbox = outbox;
    this.sink = sink;
    this.replay = replay;
    this.thread = new Thread(this, name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Wakes the feeder if it waits for work. */
  void wake() {
    if (waiting) {
      LockSupport.unpark(thread);
    }
  }

  /** Stops feeding and waits (briefly) for the thread to end. */
  void stop() {
    stopped = true;
    LockSupport.unpark(thread);
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void run() {
    while (!stopped) {
      try {
        if (!feedOne()) {
          idle();
        }
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable t) {
        log.log(Level.ERROR, "Unexpected failure in the outbox's feeder; it goes on", t);
      }
    }
  }

  /** Feeds one request; false when there was nothing to feed. */
  private boolean feedOne() {
    if (replaySegment < replay.size()) {
      feedReplayed();
      return true;
    }
    OutboundRequest head;
    outbox.appendLock.lock();
    try {
      head = outbox.backlog.peekFirst();
    } finally {
      outbox.appendLock.unlock();
    }
    if (head == null) {
      return false;
    }
    Segment s = outbox.segment(head.outboxRef());
    Records.@Nullable Read record = s == null ? null : read(s, (int) head.outboxRef());
    if (!takeRoom(head.cost())) {
      return true; // stopped: it stays in the backlog, and on disk
    }
    if (record == null) {
      sink.unreadable(head);
    } else {
      head.body(record.body());
      sink.start(head);
    }
    outbox.appendLock.lock();
    try {
      outbox.backlog.pollFirst();
    } finally {
      outbox.appendLock.unlock();
    }
    return true;
  }

  private void feedReplayed() {
    Recovery.Pending p = replay.get(replaySegment);
    int offset = p.offsets()[replayIndex];
    Records.Read r = read(p.segment(), offset);
    if (r == null) {
      outbox.skip(p.segment(), offset); // damaged since the scan: skipped, as the scan would
      advanceReplay();
      return;
    }
    long ageNanos =
        TimeUnit.MILLISECONDS.toNanos(Math.max(0, System.currentTimeMillis() - r.acceptedMillis()));
    OutboundRequest request =
        new OutboundRequest(
            r.kind(),
            r.uuid(),
            r.body(),
            new CompletableFuture<>(),
            null,
            sink.nanoTime() - ageNanos);
    request.outboxRef((p.segment().id << 32) | offset);
    if (!takeRoom(request.cost())) {
      return; // stopped: stays on disk
    }
    sink.replayed(request);
    advanceReplay();
  }

  private void advanceReplay() {
    replayIndex++;
    if (replayIndex == replay.get(replaySegment).offsets().length) {
      replayIndex = 0;
      replaySegment++;
    }
    outbox.replayedOne();
  }

  private Records.@Nullable Read read(Segment s, int offset) {
    try {
      ByteBuffer head = s.read(offset, Records.HEADER_BYTES);
      if (head.remaining() < Records.HEADER_BYTES || head.getInt(0) != Records.MARKER) {
        return damaged(s, offset);
      }
      int n = head.getInt(4);
      if (n < Records.FIXED_PAYLOAD_BYTES || n > outbox.maxPayload + (16 << 20)) {
        return damaged(s, offset);
      }
      ByteBuffer whole = s.read(offset, Records.HEADER_BYTES + n);
      Records.Read r = Records.readOne(whole, n);
      return r != null ? r : damaged(s, offset);
    } catch (IOException e) {
      log.log(
          Level.WARNING,
          () -> "Outbox " + outbox.dir + ": cannot read a record of " + s + " back: " + e);
      return null;
    }
  }

  private Records.@Nullable Read damaged(Segment s, int offset) {
    log.log(
        Level.WARNING,
        () ->
            "Outbox "
                + outbox.dir
                + ": the record at offset "
                + offset
                + " of "
                + s
                + " failed its checksum when read back (the file changed on disk); skipped");
    return null;
  }

  private boolean takeRoom(long cost) {
    while (!stopped) {
      try {
        if (sink.takeRoom(cost, ROOM_POLL_NANOS)) {
          return true;
        }
      } catch (InterruptedException e) {
        return false;
      }
    }
    return false;
  }

  private void idle() {
    waiting = true;
    try {
      if (backlogEmpty() && !stopped) {
        LockSupport.park(this);
      }
    } finally {
      waiting = false;
    }
  }

  private boolean backlogEmpty() {
    outbox.appendLock.lock();
    try {
      return outbox.backlog.isEmpty();
    } finally {
      outbox.appendLock.unlock();
    }
  }
}
