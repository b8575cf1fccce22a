package io.atrack.sdk.internal.outbox;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads what an earlier run left in the outbox: which records of each segment are not done yet, and
 * what is damaged. Internal: not API.
 *
 * <p>A record whose checksum fails (torn by a crash mid-write, a flipped bit) is skipped: when its
 * length is plausible the next record follows it; otherwise the scan looks for the next record
 * marker with a valid checksum. Each segment with damage is reported in one WARNING with the bytes
 * and records skipped. A file that cannot be read at all is renamed {@code *.unreadable} (set aside
 * for inspection) and reported; it never stops the client.
 */
final class Recovery {
  private static final Logger log = System.getLogger(Outbox.class.getName());

  /** One segment's records not done, in log order (an array: a million ints, not Integers). */
  @SuppressWarnings("ArrayRecordComponent") // Read-only after the scan, never compared.
  record Pending(Segment segment, int[] offsets) {}

  final List<Pending> pending = new ArrayList<>();
  long maxId;
  long maxSeq;
  long records;
  long damagedBytes;
  long damagedRecords;
  int setAside;

  private final Path dir;
  private final int maxPayload;

  private Recovery(Path dir, int maxPayload) {
    this.dir = dir;
    this.maxPayload = maxPayload;
  }

  /** Scans every segment in {@code dir}, oldest first; deletes the ones with nothing left. */
  static Recovery scan(Path dir, int maxPayload) throws IOException {
    Recovery r = new Recovery(dir, maxPayload);
    List<Long> ids = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "segment-*.log")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        try {
          ids.add(Long.parseLong(name.substring(8, name.length() - 4)));
        } catch (NumberFormatException e) {
          r.setAside(f, "its name is not segment-<number>.log");
        }
      }
    }
    ids.sort(null);
    for (long id : ids) {
      r.maxId = Math.max(r.maxId, id);
      r.scanSegment(id);
    }
    return r;
  }

  private void scanSegment(long id) {
    Path file = Segment.logPath(dir, id);
    Path ackFile = Segment.ackPath(dir, id);
    FileChannel ch;
    ByteBuffer buf;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
      long size = ch.size();
      if (size > Integer.MAX_VALUE - 8) {
        ch.close();
        setAside(file, "it is larger than 2 GiB");
        return;
      }
      buf = ByteBuffer.allocate((int) size);
      while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {
        // read until full or end
      }
      buf.flip();
    } catch (IOException | RuntimeException e) {
      setAside(file, "it cannot be read: " + e);
      return;
    }
    if (buf.limit() < Segment.HEADER_BYTES
        || buf.getLong(0) != Segment.MAGIC
        || buf.getLong(8) != id) {
      closeQuietly(ch);
      setAside(file, "its header is not an A-Track outbox segment's");
      return;
    }
    Set<Integer> acked = readAcks(ackFile);
    int[] offsets = new int[64];
    int count = 0;
    long skippedBytes = 0;
    int skippedRecords = 0;
    int limit = buf.limit();
    int at = Segment.HEADER_BYTES;
    while (at < limit) {
      int size = Records.check(buf, at, limit, maxPayload);
      if (size > 0) {
        records++;
        maxSeq = Math.max(maxSeq, buf.getLong(at + Records.HEADER_BYTES + 12));
        if (!acked.contains(at)) {
          if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
          }
          offsets[count++] = at;
        }
        at += size;
        continue;
      }
      if (size == 0) {
        break; // zeros to the end: the unused rest of the segment
      }
      skippedRecords++;
      if (size == -1) {
        skippedBytes += limit - at; // torn at the end of the file
        break;
      }
      int next = size == -2 ? at + Records.claimedSize(buf, at) : -1;
      if (next <= at || next > limit || Records.check(buf, next, limit, maxPayload) < 0) {
        next = resync(buf, at + 8, limit);
      }
      skippedBytes += next - at;
      at = next;
    }
    if (skippedRecords > 0) {
      damagedBytes += skippedBytes;
      damagedRecords += skippedRecords;
      long bytes = skippedBytes;
      int recs = skippedRecords;
      int kept = count;
      warn(
          () ->
              file.getFileName()
                  + " is damaged (a crash mid-write or a corrupted disk): skipped "
                  + bytes
                  + " byte(s) holding at least "
                  + recs
                  + " record(s) whose checksum failed; the other "
                  + kept
                  + " record(s) not yet delivered are delivered");
    }
    try {
      Segment s = Segment.existing(id, file, ackFile, ch, count);
      if (count == 0) {
        s.seal(); // nothing left: deleted now
      } else {
        pending.add(new Pending(s, Arrays.copyOf(offsets, count)));
      }
    } catch (IOException e) {
      closeQuietly(ch);
      setAside(file, "it cannot be read: " + e);
    }
  }

  /** The next position from {@code from} where an intact record starts, else {@code limit}. */
  private int resync(ByteBuffer buf, int from, int limit) {
    for (int at = from; at + Records.HEADER_BYTES <= limit; at += 8) {
      if (buf.getInt(at) == Records.MARKER && Records.check(buf, at, limit, maxPayload) > 0) {
        return at;
      }
    }
    return limit;
  }

  private Set<Integer> readAcks(Path ackFile) {
    Set<Integer> acked = new HashSet<>();
    if (!Files.exists(ackFile)) {
      return acked;
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(ackFile));
      while (b.remaining() >= 8) {
        int offset = b.getInt();
        int check = b.getInt();
        if (check == ~offset) {
          acked.add(offset);
        }
      }
    } catch (IOException e) {
      warn(
          () ->
              "cannot read "
                  + ackFile.getFileName()
                  + " ("
                  + e
                  + "); its segment's requests are sent again (the same bodies)");
    }
    return acked;
  }

  private void setAside(Path file, String why) {
    setAside++;
    Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
    String where;
    try {
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      where = "set aside as " + aside.getFileName();
    } catch (IOException | RuntimeException e) {
      where = "and could not be set aside (" + e + "); it is skipped";
    }
    String moved = where;
    warn(() -> file.getFileName() + " is skipped because " + why + "; " + moved);
  }

  /** Logs {@code what} at WARNING, lazily, after "Outbox DIR: ". */
  private void warn(Supplier<String> what) {
    log.log(Level.WARNING, () -> "Outbox " + dir + ": " + what.get());
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // only read from
    }
  }
}
