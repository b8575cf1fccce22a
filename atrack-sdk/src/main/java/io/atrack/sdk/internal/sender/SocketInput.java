package io.atrack.sdk.internal.sender;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

/**
 * A connection's read buffer: {@code buf[pos, limit)} holds bytes read but not yet consumed.
 *
 * <p>Unlike {@code BufferedInputStream} it exposes the buffer, so the response parser works on
 * bytes in place. For {@link SocketTransport} reads block without a timeout: the {@link Watchdog}
 * bounds them. For {@link NioTransport} the source throws {@link NeedMoreInput} when nothing is
 * readable now; the parser then starts again from {@link #mark} once more bytes came, so the bytes
 * from the mark on are kept when the buffer is compacted. One thread at a time.
 */
final class SocketInput {

  /** Where the bytes come from. */
  @FunctionalInterface
  interface Source {
    /**
     * Reads up to {@code length} bytes into {@code b} at {@code offset}.
     *
     * @return how many, at least 1, or -1 at end of stream
     * @throws NeedMoreInput (non-blocking sources) when no byte is readable now
     */
    int read(byte[] b, int offset, int length) throws IOException;
  }

  /**
   * Thrown by a non-blocking {@link Source} when no byte is readable now: not a failure, the
   * response is parsed again from the mark later. Unchecked, so that the parser's own {@code catch
   * (IOException)} of a cut body never takes it for one. Carries no stack.
   */
  static final class NeedMoreInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // Stackless and immutable: a signal, thrown for every read that finds nothing, not an error.
    @SuppressWarnings("StaticAssignmentOfThrowable")
    static final NeedMoreInput INSTANCE = new NeedMoreInput();

    private NeedMoreInput() {
      super("no input yet", null, false, false);
    }
  }

  static final int BUFFER_SIZE = 8 * 1024;

  /** The longest line of a response head; the buffer grows up to this for such a line. */
  static final int MAX_LINE = 64 * 1024;

  private final Source in;
  private final int maxBuffer;

  byte[] buf = new byte[BUFFER_SIZE];
  int pos;
  int limit;

  /** While at least 0: the start of bytes to keep on compaction (a response being parsed). */
  int mark = -1;

  private long received;

  SocketInput(Source in) {
    this(in, MAX_LINE);
  }

  /** A buffer growing up to {@code maxBuffer} bytes (from the mark) before it fails. */
  SocketInput(Source in, int maxBuffer) {
    this.in = in;
    this.maxBuffer = maxBuffer;
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
    int keep = mark >= 0 ? Math.min(mark, pos) : pos;
    if (keep == limit) {
      pos -= keep;
      if (mark >= 0) {
        mark -= keep;
      }
      limit = 0;
    } else if (limit == buf.length) {
      if (keep > 0) {
        System.arraycopy(buf, keep, buf, 0, limit - keep);
        limit -= keep;
        pos -= keep;
        if (mark >= 0) {
          mark -= keep;
        }
      } else if (buf.length < maxBuffer) {
        buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxBuffer));
      } else {
        throw new IOException(
            mark >= 0
                ? "Response is longer than " + maxBuffer + " bytes before its body's bound"
                : "Response has a header line longer than " + MAX_LINE + " bytes");
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
