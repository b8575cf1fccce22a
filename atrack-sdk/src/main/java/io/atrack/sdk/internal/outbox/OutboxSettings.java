package io.atrack.sdk.internal.outbox;

import io.atrack.sdk.OutboxSync;
import io.atrack.sdk.QueueFullPolicy;
import java.nio.file.Path;

/**
 * The outbox's settings, checked by the client's builder. Internal: not API.
 *
 * @param directory where the segment files, ack files, lock file and dead letters live
 * @param maxBytes the bound on the segment files' total size
 * @param sync when written records are forced to the disk
 * @param syncIntervalNanos with {@link OutboxSync#INTERVAL}: how often
 * @param maxAgeNanos a request older than this (since its call, across restarts) is given up
 * @param maxRecordBytes the largest record a call can make (body bound plus uuid and header)
 * @param fullPolicy what a call does when the outbox is full
 * @param blockTimeoutNanos with {@link QueueFullPolicy#BLOCK}: the longest a call waits for room
 * @param threadName the prefix of the outbox's threads' names
 */
public record OutboxSettings(
    Path directory,
    long maxBytes,
    OutboxSync sync,
    long syncIntervalNanos,
    long maxAgeNanos,
    int maxRecordBytes,
    QueueFullPolicy fullPolicy,
    long blockTimeoutNanos,
    String threadName) {

  /** The largest segment file: big enough to make rolling rare, small enough to free space soon. */
  static final int MAX_SEGMENT_BYTES = 16 * 1024 * 1024;

  /** The smallest segment file. */
  static final int MIN_SEGMENT_BYTES = 256 * 1024;

  /**
   * The size of one segment file: a sixteenth of {@link #maxBytes} within [256 KiB, 16 MiB], and
   * room for at least two of the largest records.
   */
  public int segmentBytes() {
    long s = Math.max(MIN_SEGMENT_BYTES, Math.min(MAX_SEGMENT_BYTES, maxBytes / 16));
    s = Math.max(s, 2L * maxRecordBytes + Segment.HEADER_BYTES);
    return (int) ((s + 4095) & ~4095L);
  }
}
