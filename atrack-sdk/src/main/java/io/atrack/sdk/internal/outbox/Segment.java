package io.atrack.sdk.internal.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * One segment file of the log ({@code segment-<id>.log}) and its ack file ({@code
 * segment-<id>.ack}). Internal: not API.
 *
 * <p>A segment is written only in the run that created it, by appends into a memory mapping of the
 * whole file (a copy into the page cache, no system call); the file is filled with zeros when
 * created, so a full disk fails the creation, never a write into the mapping (which would crash the
 * JVM with a bus error). Records are read back with positional reads, never through the mapping.
 *
 * <p>The ack file lists the records that are done (delivered or finally failed), eight bytes each:
 * the record's offset and its complement, so a torn or garbled entry is recognised and ignored (at
 * worst its record is sent again, with the same body). When every record of a sealed segment is
 * done, both files are deleted.
 */
final class Segment {
  static final int HEADER_BYTES = 16;
  static final long MAGIC = 0x4154524b4f425831L; // "ATRKOBX1"

  final long id;
  final Path log;
  final Path ack;
  final FileChannel channel;
  final long sizeOnDisk;

  // The mapping, only while this run appends to the segment; written under the outbox's lock.
  @Nullable MappedByteBuffer map;
  int writePos = HEADER_BYTES; // under the outbox's lock
  int records; // under the outbox's lock until sealed; read under this after

  // Under this.
  private boolean sealed;
  private boolean deleted;
  private int done;
  private @Nullable FileChannel ackChannel;
  private final ByteBuffer ackEntry = ByteBuffer.allocate(8);
  volatile boolean ackDirty;

  private Segment(long id, Path log, Path ack, FileChannel channel, long sizeOnDisk) {
    this.id = id;
    this.log = log;
    this.ack = ack;
    this.channel = channel;
    this.sizeOnDisk = sizeOnDisk;
  }

  static Path logPath(Path dir, long id) {
    return dir.resolve(String.format("segment-%010d.log", id));
  }

  static Path ackPath(Path dir, long id) {
    return dir.resolve(String.format("segment-%010d.ack", id));
  }

  /** Creates, zero-fills and maps a new segment of {@code size} bytes. */
  static Segment create(Path dir, long id, int size) throws IOException {
    Path log = logPath(dir, id);
    FileChannel ch =
        FileChannel.open(
            log, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      ByteBuffer zeros = ByteBuffer.allocateDirect(64 * 1024);
      long pos = 0;
      while (pos < size) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), size - pos));
        pos += ch.write(zeros, pos);
      }
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).putLong(MAGIC).putLong(id).flip();
      ch.write(header, 0);
      Segment s = new Segment(id, log, ackPath(dir, id), ch, size);
      s.map = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
      return s;
    } catch (IOException | RuntimeException e) {
      ch.close();
      Files.deleteIfExists(log);
      throw e;
    }
  }

  /** A segment of an earlier run, opened to read; {@code records} of its records are not done. */
  static Segment existing(long id, Path log, Path ack, FileChannel channel, int pending)
      throws IOException {
    Segment s = new Segment(id, log, ack, channel, channel.size());
    s.records = pending;
    s.sealed = true;
    return s;
  }

  /** Whether a record of {@code size} bytes still fits. */
  boolean fits(int size) {
    MappedByteBuffer m = map;
    return m != null && writePos + size <= m.capacity();
  }

  /** Reads {@code length} bytes at {@code offset} (a record), with positional reads. */
  ByteBuffer read(int offset, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (channel.read(buf, offset + buf.position()) < 0) {
        break;
      }
    }
    return buf.flip();
  }

  /**
   * Ends appends to this segment (the outbox's lock is held); deletes it if everything in it is
   * done already. Returns whether it was deleted.
   */
  synchronized boolean seal() {
    sealed = true;
    map = null; // unmapped when collected; never unmapped by hand while a force may use it
    return deleteIfDone();
  }

  /**
   * Notes that the record at {@code offset} is done, in memory and in the ack file. Returns whether
   * the segment was deleted because it was its last.
   */
  synchronized boolean done(int offset) {
    if (deleted) {
      return false;
    }
    done++;
    try {
      Uninterrupted.exec(() -> writeAck(offset));
    } catch (IOException e) {
      // The record is sent again by the next run: a duplicate with the same body, never a loss.
      ackChannel = null; // opened again by the next ack
      Outbox.ackFailed(this, e);
    }
    return deleteIfDone();
  }

  private void writeAck(int offset) throws IOException {
    FileChannel ch = ackChannel;
    if (ch == null) {
      ch =
          FileChannel.open(
              ack, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      ackChannel = ch;
    }
    ackEntry.clear();
    ackEntry.putInt(offset).putInt(~offset).flip();
    while (ackEntry.hasRemaining()) {
      ch.write(ackEntry);
    }
    ackDirty = true;
  }

  /** Forces the ack file to the disk if it changed. */
  synchronized void forceAcks() throws IOException {
    FileChannel ch = ackChannel;
    if (ch != null && ackDirty) {
      ackDirty = false;
      ch.force(false);
    }
  }

  synchronized boolean isDeleted() {
    return deleted;
  }

  private boolean deleteIfDone() {
    if (!sealed || deleted || done < records) {
      return false;
    }
    deleted = true;
    try {
      closeChannels();
      Files.deleteIfExists(log);
      Files.deleteIfExists(ack);
    } catch (IOException e) {
      Outbox.deleteFailed(this, e);
    }
    return true;
  }

  /** Closes the files; the segment stays on disk for the next run. */
  synchronized void close() {
    try {
      closeChannels();
    } catch (IOException e) {
      // Nothing is lost: what was written is in the page cache and read again by the next run.
    }
  }

  private void closeChannels() throws IOException {
    try {
      channel.close();
    } finally {
      FileChannel ch = ackChannel;
      ackChannel = null;
      if (ch != null) {
        ch.close();
      }
    }
  }

  @Override
  public String toString() {
    return log.getFileName().toString();
  }
}
