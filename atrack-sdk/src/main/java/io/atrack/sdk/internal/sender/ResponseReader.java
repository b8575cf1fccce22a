package io.atrack.sdk.internal.sender;

import io.atrack.sdk.transport.TransportResponse;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads one HTTP/1.x response from a {@link SocketInput}: status line and headers parsed from the
 * bytes in place, {@code 1xx} interim answers skipped, the body framed by {@code content-length},
 * {@code chunked} or the end of the stream.
 *
 * <p>Only a {@link BodyPrefix} of the body is kept. The rest is read and dropped when that leaves
 * the connection reusable cheaply; past {@value #DRAIN_LIMIT} bytes, or when the body ends only
 * with the stream, reading stops and {@link #reusable()} is false so the caller closes the
 * connection: draining megabytes would cost more than a new connection. Once the head is read the
 * status stands: a failure while reading the body only shortens the body and makes the connection
 * unusable. One thread at a time; reused for a connection's responses.
 *
 * <p><b>Bounds.</b> Whatever a server sends, one response costs a bounded amount of reading: at
 * most {@value #MAX_INTERIM} interim heads, {@value #MAX_HEAD} bytes per head (and of trailers),
 * {@value SocketInput#MAX_LINE} bytes per line, and {@value #DRAIN_LIMIT} bytes of body counted
 * with its chunk framing (so chunk extensions cannot stretch it). A success ({@code 2xx}) needs no
 * body at all: one that ends only with the stream, or is longer than the drain limit, is not read
 * (the connection is dropped instead), and {@link HttpConnection} gives the rest of a short one
 * only a brief grace.
 */
final class ResponseReader {

  /** The most of a body, past the kept prefix, read and dropped to keep a connection. */
  static final int DRAIN_LIMIT = 64 * 1024;

  /** The longest status line plus headers (and chunked trailers) accepted. */
  static final int MAX_HEAD = 64 * 1024;

  /**
   * The most interim ({@code 1xx}) heads accepted before the final one. A server sends one {@code
   * 100 Continue} at most (the SDK never asks for it) and perhaps a {@code 103 Early Hints}.
   */
  static final int MAX_INTERIM = 8;

  private static final System.Logger log = System.getLogger(ResponseReader.class.getName());

  private static final byte[] CONTENT_LENGTH = ascii("content-length");
  private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
  private static final byte[] CONNECTION = ascii("connection");
  private static final byte[] RETRY_AFTER = ascii("retry-after");
  private static final byte[] CHUNKED = ascii("chunked");
  private static final byte[] CLOSE = ascii("close");
  private static final byte[] KEEP_ALIVE = ascii("keep-alive");

  private final SocketInput in;
  private final BodyPrefix prefix = new BodyPrefix();

  private int status;
  private boolean http10;
  private long contentLength;
  private boolean chunked;
  private boolean otherEncoding;
  private boolean close;
  private boolean keepAlive;
  private @Nullable String retryAfter;
  private boolean reusable;

  /** The length of the last chunk-size line read, extensions included. */
  private int sizeLineBytes;

  /** Bytes buffered past an answer belong to the next one: pipelined answers. */
  private final boolean pipelined;

  ResponseReader(SocketInput in) {
    this(in, false);
  }

  /**
   * A reader for {@code in}; {@code pipelined} when bytes buffered past an answer may be the next
   * answer's (else they make the connection unusable: nobody asked for them).
   */
  ResponseReader(SocketInput in, boolean pipelined) {
    this.in = in;
    this.pipelined = pipelined;
  }

  /**
   * Whether the server said it closes the connection after the answer read last ({@code connection:
   * close}, or HTTP/1.0 without keep-alive): it processed no request behind it.
   */
  boolean serverCloses() {
    return close || (http10 && !keepAlive);
  }

  /** The status of the head read last. */
  int status() {
    return status;
  }

  /**
   * Reads the next response.
   *
   * @throws IOException when the stream fails or ends before the head is complete, or the head is
   *     not HTTP/1.x or breaks a bound ({@link ProtocolException})
   */
  TransportResponse read() throws IOException {
    readHead();
    return readBody();
  }

  /**
   * Reads the status line and headers of the final answer, skipping interim ones.
   *
   * @return the final answer's status code
   * @throws IOException as {@link #read()}
   */
  int readHead() throws IOException {
    reusable = false;
    readOneHead();
    for (int interim = 0; status < 200; interim++) {
      if (status == 101) {
        throw new ProtocolException("Unexpected 101 Switching Protocols");
      }
      if (interim == MAX_INTERIM) {
        throw new ProtocolException("More than " + MAX_INTERIM + " interim (1xx) answers");
      }
      readOneHead();
    }
    return status;
  }

  /**
   * Whether reading the body of the answer whose head was just read needs no more bytes from the
   * socket, or will not read any: no body, or all of it buffered, or a success's body that is not
   * read at all.
   */
  boolean bodyReadyOrSkipped() {
    if (status == 204 || status == 304 || skipsSuccessBody()) {
      return true;
    }
    return !chunked && contentLength >= 0 && in.limit - in.pos >= contentLength;
  }

  /**
   * Reads the body of the answer whose head was just read, within the bounds above; never throws,
   * since the status is known.
   */
  TransportResponse readBody() {
    String body = readBodyPrefix();
    return TransportResponse.of(status, retryAfter, body);
  }

  /**
   * Whether the last response was read to its exact end and the server allows another request on
   * the connection.
   */
  boolean reusable() {
    return reusable;
  }

  private void readOneHead() throws IOException {
    int lf = in.lineEnd();
    byte[] b = in.buf;
    int p = in.pos;
    int end = trimCr(b, p, lf);
    // "HTTP/1.1 200" at least; the reason phrase is optional.
    if (end - p < 12
        || b[p] != 'H'
        || b[p + 1] != 'T'
        || b[p + 2] != 'T'
        || b[p + 3] != 'P'
        || b[p + 4] != '/'
        || b[p + 5] != '1'
        || b[p + 6] != '.'
        || b[p + 8] != ' '
        || (end > p + 12 && b[p + 12] != ' ')) {
      throw new ProtocolException("Malformed HTTP/1.x status line");
    }
    http10 = b[p + 7] == '0';
    status = digit(b[p + 9]) * 100 + digit(b[p + 10]) * 10 + digit(b[p + 11]);
    if (status < 100) {
      throw new ProtocolException("Malformed HTTP/1.x status code");
    }
    in.pos = lf + 1;

    contentLength = -1;
    chunked = false;
    otherEncoding = false;
    close = false;
    keepAlive = false;
    retryAfter = null;
    int headBytes = lf + 1 - p;
    while (true) {
      lf = in.lineEnd();
      b = in.buf;
      p = in.pos;
      end = trimCr(b, p, lf);
      headBytes += lf + 1 - p;
      if (headBytes > MAX_HEAD) {
        throw new ProtocolException("Response head longer than " + MAX_HEAD + " bytes");
      }
      in.pos = lf + 1;
      if (end == p) {
        return;
      }
      header(b, p, end);
    }
  }

  private void header(byte[] b, int p, int end) throws ProtocolException {
    int colon = p;
    while (colon < end && b[colon] != ':') {
      colon++;
    }
    if (colon == end) {
      return; // Not a header line: ignored, as browsers do.
    }
    int from = colon + 1;
    int to = end;
    while (from < to && (b[from] == ' ' || b[from] == '\t')) {
      from++;
    }
    while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
      to--;
    }
    int nameLength = colon - p;
    if (nameIs(b, p, nameLength, CONTENT_LENGTH)) {
      contentLength = parseLength(b, from, to);
    } else if (nameIs(b, p, nameLength, TRANSFER_ENCODING)) {
      // Chunked must be the last coding; any other framing is "until the connection closes".
      if (to - from >= CHUNKED.length && nameIs(b, to - CHUNKED.length, CHUNKED.length, CHUNKED)) {
        chunked = true;
      } else {
        otherEncoding = true;
      }
    } else if (nameIs(b, p, nameLength, CONNECTION)) {
      close |= contains(b, from, to, CLOSE);
      keepAlive |= contains(b, from, to, KEEP_ALIVE);
    } else if (nameIs(b, p, nameLength, RETRY_AFTER)) {
      retryAfter = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * A success needs no body: one that only the end of the stream ends, or too long to drain, is not
   * waited for. Reading it could hold a delivery thread until the request's timeout (a server that
   * never closes) for bytes nobody uses.
   */
  private boolean skipsSuccessBody() {
    return status >= 200
        && status < 300
        && (otherEncoding || (!chunked && (contentLength < 0 || contentLength > DRAIN_LIMIT)));
  }

  private String readBodyPrefix() {
    prefix.reset();
    boolean complete;
    try {
      if (status == 204 || status == 304) {
        complete = true;
      } else if (skipsSuccessBody()) {
        keepBuffered();
        complete = false;
      } else if (chunked) {
        complete = readChunked();
      } else if (otherEncoding || contentLength < 0) {
        complete = readToEnd();
      } else {
        complete = readFixed(contentLength);
      }
    } catch (IOException e) {
      // The answer's status is known: keep it; only the rest of the body and the connection go.
      log.log(System.Logger.Level.DEBUG, () -> "Response body cut short: " + e);
      complete = false;
    }
    reusable =
        complete
            && !close
            && (!http10 || keepAlive)
            && !(chunked && contentLength >= 0)
            && (pipelined || !in.hasBuffered());
    return prefix.decode();
  }

  /** Keeps what is already buffered of a body that is not read, without reading more. */
  private void keepBuffered() {
    int n = in.limit - in.pos;
    if (!chunked && contentLength >= 0) {
      n = (int) Math.min(n, contentLength);
    }
    prefix.accept(in.buf, in.pos, n);
    in.pos += n;
  }

  private boolean readFixed(long length) throws IOException {
    boolean drain = length - Math.min(length, BodyPrefix.MAX) <= DRAIN_LIMIT;
    for (long left = length; left > 0; ) {
      if (!in.request()) {
        throw bodyEof();
      }
      int n = (int) Math.min(left, in.limit - in.pos);
      prefix.accept(in.buf, in.pos, n);
      in.pos += n;
      left -= n;
      if (!drain && prefix.isFull()) {
        return false;
      }
    }
    return true;
  }

  private boolean readChunked() throws IOException {
    // Every byte past the kept prefix counts toward the drain limit, chunk-size lines (and their
    // extensions) and CRLFs included: otherwise one data byte per chunk behind a long extension
    // would keep the reader busy until the timeout.
    long dropped = 0;
    while (true) {
      long size = chunkSize();
      dropped += sizeLineBytes;
      if (size == 0) {
        skipTrailers();
        return true;
      }
      for (long left = size; left > 0; ) {
        if (!in.request()) {
          throw bodyEof();
        }
        int n = (int) Math.min(left, in.limit - in.pos);
        dropped += n - prefix.accept(in.buf, in.pos, n);
        in.pos += n;
        left -= n;
        if (dropped > DRAIN_LIMIT) {
          return false;
        }
      }
      int lf = in.lineEnd();
      if (trimCr(in.buf, in.pos, lf) != in.pos) {
        throw new ProtocolException("Malformed chunk: no CRLF after its data");
      }
      dropped += lf + 1 - in.pos;
      in.pos = lf + 1;
      if (dropped > DRAIN_LIMIT) {
        return false;
      }
    }
  }

  private long chunkSize() throws IOException {
    int lf = in.lineEnd();
    sizeLineBytes = lf + 1 - in.pos;
    byte[] b = in.buf;
    int end = trimCr(b, in.pos, lf);
    long size = 0;
    int digits = 0;
    for (int i = in.pos; i < end; i++) {
      int d = Character.digit(b[i], 16);
      if (d < 0) {
        break; // Chunk extensions (";name=value") are ignored.
      }
      if (++digits > 15) {
        throw new ProtocolException("Malformed chunk size: too long");
      }
      size = size << 4 | d;
    }
    if (digits == 0) {
      throw new ProtocolException("Malformed chunk size");
    }
    in.pos = lf + 1;
    return size;
  }

  private void skipTrailers() throws IOException {
    int bytes = 0;
    while (true) {
      int lf = in.lineEnd();
      int p = in.pos;
      boolean empty = trimCr(in.buf, p, lf) == p;
      bytes += lf + 1 - p;
      in.pos = lf + 1;
      if (empty) {
        return;
      }
      if (bytes > MAX_HEAD) {
        throw new ProtocolException("Chunked trailers longer than " + MAX_HEAD + " bytes");
      }
    }
  }

  /** Keeps a prefix of a body that ends with the stream; never reads past the prefix. */
  private boolean readToEnd() throws IOException {
    while (!prefix.isFull() && in.request()) {
      int n = in.limit - in.pos;
      prefix.accept(in.buf, in.pos, n);
      in.pos += n;
    }
    return false;
  }

  private static EOFException bodyEof() {
    return new EOFException("Connection closed before the response body was complete");
  }

  private static long parseLength(byte[] b, int from, int to) throws ProtocolException {
    if (from == to || to - from > 18) {
      throw new ProtocolException("Malformed content-length");
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        throw new ProtocolException("Malformed content-length");
      }
      value = value * 10 + d;
    }
    return value;
  }

  private static int digit(byte b) {
    return b >= '0' && b <= '9' ? b - '0' : -1000;
  }

  /** The end of the line ending at {@code lf}, without its {@code '\r'}. */
  private static int trimCr(byte[] b, int from, int lf) {
    return lf > from && b[lf - 1] == '\r' ? lf - 1 : lf;
  }

  /** Whether {@code b[p, p + length)} is {@code lower} ignoring ASCII case. */
  private static boolean nameIs(byte[] b, int p, int length, byte[] lower) {
    if (length != lower.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if ((b[p + i] | 0x20) != lower[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean contains(byte[] b, int from, int to, byte[] lower) {
    for (int i = from; i <= to - lower.length; i++) {
      if (nameIs(b, i, lower.length, lower)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
