package io.atrack.sdk.internal.outbox;

import io.atrack.sdk.RequestKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The requests that finally failed, kept for inspection in {@code dead-letters.jsonl}: one JSON
 * object per line, {@code {"failedAt":"…","kind":"event","path":"/event","uuid":"…","status":400,
 * "attempts":1,"reason":"…","body":{…}}}, the body exactly as it was sent. Bounded: when the file
 * passes half of {@value #MAX_BYTES} bytes it becomes {@code dead-letters.1.jsonl} (replacing the
 * one before) and a new file starts, so the two never hold more than {@value #MAX_BYTES} bytes and
 * the newest failures are always kept. Internal: not API.
 *
 * <p>Thread-safe; written by the delivery threads, each line with one write.
 */
final class DeadLetters {
  /** The most bytes the two dead-letter files hold together: 16 MiB. */
  static final long MAX_BYTES = 16L * 1024 * 1024;

  static final String FILE = "dead-letters.jsonl";
  static final String OLDER = "dead-letters.1.jsonl";

  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  private final Path file;
  private final Path older;
  private @Nullable FileChannel channel; // under this
  private long size; // under this

  DeadLetters(Path dir) {
    this.file = dir.resolve(FILE);
    this.older = dir.resolve(OLDER);
  }

  /** Appends one failed request. */
  synchronized void add(
      RequestKind kind, String uuid, int status, int attempts, String reason, byte[] body)
      throws IOException {
    StringBuilder sb = new StringBuilder(256);
    sb.append("{\"failedAt\":\"").append(Instant.now()).append("\",\"kind\":\"");
    sb.append(kind.name().toLowerCase(java.util.Locale.ROOT)).append("\",\"path\":\"");
    sb.append(kind.path()).append("\",\"uuid\":");
    string(sb, uuid);
    sb.append(",\"status\":").append(status).append(",\"attempts\":").append(attempts);
    sb.append(",\"reason\":");
    string(sb, reason);
    sb.append(",\"body\":");
    byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
    byte[] json = body.length == 0 ? NULL : body;
    ByteBuffer line = ByteBuffer.allocate(head.length + json.length + 2);
    line.put(head).put(json).put((byte) '}').put((byte) '\n').flip();
    if (size + line.remaining() > MAX_BYTES / 2) {
      rotate();
    }
    FileChannel ch = open();
    while (line.hasRemaining()) {
      size += ch.write(line);
    }
  }

  private FileChannel open() throws IOException {
    FileChannel ch = channel;
    if (ch == null) {
      ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      size = ch.size();
      channel = ch;
    }
    return ch;
  }

  private void rotate() throws IOException {
    FileChannel ch = channel;
    channel = null;
    if (ch != null) {
      ch.close();
    }
    if (Files.exists(file)) {
      Files.move(file, older, StandardCopyOption.REPLACE_EXISTING);
    }
    size = 0;
  }

  /** Forces and closes the file. */
  synchronized void close() {
    FileChannel ch = channel;
    channel = null;
    if (ch != null) {
      try {
        ch.force(false);
        ch.close();
      } catch (IOException e) {
        // What was written is in the page cache.
      }
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
