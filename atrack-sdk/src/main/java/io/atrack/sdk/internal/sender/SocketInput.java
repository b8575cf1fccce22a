package io.atrack.sdk.internal.sender;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A connection's read buffer: {@code buf[pos, limit)} holds bytes read but not yet consumed.
 *
 * <p>Unlike {@code BufferedInputStream} it exposes the buffer, so the response parser works on
 * bytes in place. Reads block without a timeout: the {@link Watchdog} bounds them. One thread at a
 * time.
 */
final class SocketInput {

  static final int BUFFER_SIZE = 8 * 1024;

  /** The longest line of a response head; the buffer grows up to this for such a line. */
  static final int MAX_LINE = 64 * 1024;

  private final InputStream in;

  byte[] buf = new byte[BUFFER_SIZE];
  int pos;
  int limit;

  private long received;

  SocketInput(InputStream in) {
    this.in = in;
  }

  /** How many bytes were read from the stream so far, consumed or not. */
  long received() {
    return received;
  }

  /** Whether unconsumed bytes are buffered. */
  boolean hasBuffered() {
    return pos < limit;
  }

  /**
   * Reads more bytes after {@code limit}, compacting or (for a long line) growing the buffer when
   * it is full.
   *
   * @return the number of bytes read, or -1 at end of stream
   */
  int fill() throws IOException {
    if (pos == limit) {
      pos = 0;
      limit = 0;
    } else if (limit == buf.length) {
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        limit -= pos;
        pos = 0;
      } else if (buf.length < MAX_LINE) {
        buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_LINE));
      } else {
        throw new IOException("Response has a header line longer than " + MAX_LINE + " bytes");
      }
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n > 0) {
      limit += n;
      received += n;
    }
    return n;
  }

  /** Makes sure at least one unconsumed byte is buffered: false at end of stream. */
  boolean request() throws IOException {
    while (pos == limit) {
      if (fill() < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Buffers a whole line and returns the index of its {@code '\n'}; the line is {@code buf[pos,
   * index)}, perhaps ending with {@code '\r'}. The caller sets {@code pos} past it.
   *
   * @throws EOFException when the stream ends first
   */
  int lineEnd() throws IOException {
    int scanned = 0;
    while (true) {
      for (int i = pos + scanned; i < limit; i++) {
        if (buf[i] == '\n') {
          return i;
        }
      }
      scanned = limit - pos;
      if (fill() < 0) {
        throw new EOFException("Connection closed before the response was complete");
      }
    }
  }
}
