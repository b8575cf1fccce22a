package io.atrack.benchmarks.collector;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Frames the HTTP/1.1 requests of one connection out of its byte stream, incrementally: a head up
 * to CRLFCRLF, then a {@code content-length} or chunked body, request after request (pipelining).
 * Counts, per request, how often a byte pattern (the benchmark's event name) occurs in the body, so
 * that batching clients are counted by the events inside their batches. Bodies are never buffered:
 * they are scanned as they arrive. Not thread-safe: the collector's loop owns it.
 */
final class RequestParser {
  /** Told about every complete request, in order, and about a request it refuses. */
  interface Listener {
    /**
     * One complete request, in order.
     *
     * @param stats a {@code GET /_stats}: answered at once (behind earlier answers), not counted
     * @param close the client asked for {@code connection: close}
     * @param events occurrences of the pattern in the body
     * @param gzip the body was {@code content-encoding: gzip} (its events cannot be counted)
     */
    void request(boolean stats, boolean close, int events, boolean gzip);

    /** A request the collector refuses (431, 413, 400); the connection is closed after it. */
    void refuse(int status);
  }

  private enum Phase {
    HEAD,
    BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILERS,
    FAILED
  }

  private final int maxHead;
  private final long maxBody;
  private final byte[] pattern;
  private final int[] fail;
  private Phase phase = Phase.HEAD;
  private long remaining;
  private long bodySoFar;
  private int match;
  private int events;
  private boolean stats;
  private boolean close;
  private boolean gzip;

  RequestParser(int maxHead, long maxBody, byte[] pattern) {
    this.maxHead = maxHead;
    this.maxBody = maxBody;
    this.pattern = pattern;
    this.fail = failureTable(pattern);
  }

  /**
   * Consumes what it can of {@code buf[from, to)}; returns the position of the first byte not
   * consumed (an incomplete head or chunk-size line stays for the next call).
   */
  int parse(byte[] buf, int from, int to, Listener listener) {
    int pos = from;
    while (pos < to) {
      switch (phase) {
        case HEAD -> {
          while (pos + 1 < to && buf[pos] == '\r' && buf[pos + 1] == '\n') {
            pos += 2; // stray CRLF between requests (RFC 9112 2.2)
          }
          int end = indexOf(buf, pos, to, "\r\n\r\n");
          if (end < 0) {
            if (to - pos > maxHead) {
              return failed(listener, 431, to);
            }
            return pos;
          }
          if (end - pos > maxHead) {
            return failed(listener, 431, to);
          }
          int status = head(new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1));
          if (status != 0) {
            return failed(listener, status, to);
          }
          pos = end + 4;
          if (phase == Phase.HEAD) {
            complete(listener);
          }
        }
        case BODY, CHUNK_DATA -> {
          int take = (int) Math.min(remaining, to - pos);
          scan(buf, pos, pos + take);
          pos += take;
          remaining -= take;
          if (remaining == 0) {
            if (phase == Phase.BODY) {
              complete(listener);
            } else {
              phase = Phase.CHUNK_END;
            }
          }
        }
        case CHUNK_END -> {
          if (to - pos < 2) {
            return pos;
          }
          if (buf[pos] != '\r' || buf[pos + 1] != '\n') {
            return failed(listener, 400, to);
          }
          pos += 2;
          phase = Phase.CHUNK_SIZE;
        }
        case CHUNK_SIZE -> {
          int eol = indexOf(buf, pos, to, "\r\n");
          if (eol < 0) {
            return to - pos > 1024 ? failed(listener, 400, to) : pos;
          }
          long size = chunkSize(buf, pos, eol);
          pos = eol + 2;
          if (size < 0 || bodySoFar + size > maxBody) {
            return failed(listener, size < 0 ? 400 : 413, to);
          }
          bodySoFar += size;
          remaining = size;
          phase = size == 0 ? Phase.TRAILERS : Phase.CHUNK_DATA;
        }
        case TRAILERS -> {
          int eol = indexOf(buf, pos, to, "\r\n");
          if (eol < 0) {
            return to - pos > maxHead ? failed(listener, 431, to) : pos;
          }
          boolean last = eol == pos;
          pos = eol + 2;
          if (last) {
            complete(listener);
          }
        }
        case FAILED -> {
          return to; // everything after a refused request is discarded
        }
      }
    }
    return pos;
  }

  /** Reads the head; sets the phase for its body. Returns 0, or the status to refuse it with. */
  private int head(String head) {
    int eol = head.indexOf("\r\n");
    String requestLine = eol < 0 ? head : head.substring(0, eol);
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      return 400;
    }
    stats = parts[0].equals("GET") && parts[1].startsWith("/_stats");
    close = parts[2].equals("HTTP/1.0");
    gzip = false;
    long length = 0;
    boolean chunked = false;
    int at = eol < 0 ? head.length() : eol + 2;
    while (at < head.length()) {
      int next = head.indexOf("\r\n", at);
      String line = head.substring(at, next < 0 ? head.length() : next);
      at = next < 0 ? head.length() : next + 2;
      int colon = line.indexOf(':');
      if (colon <= 0) {
        return 400;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> {
          if (value.isEmpty()
              || value.length() > 18
              || !value.chars().allMatch(Character::isDigit)) {
            return 400;
          }
          length = Long.parseLong(value);
        }
        case "transfer-encoding" -> chunked = value.endsWith("chunked");
        case "connection" -> close = value.contains("close") || (close && !value.contains("keep"));
        case "content-encoding" -> gzip = value.contains("gzip");
        default -> {
          // not needed to frame or answer the request
        }
      }
    }
    match = 0;
    events = 0;
    bodySoFar = 0;
    if (chunked) {
      phase = Phase.CHUNK_SIZE;
    } else if (length > maxBody) {
      return 413;
    } else if (length > 0) {
      remaining = length;
      phase = Phase.BODY;
    }
    return 0;
  }

  private void complete(Listener listener) {
    phase = Phase.HEAD;
    listener.request(stats, close, events, gzip);
  }

  private int failed(Listener listener, int status, int to) {
    phase = Phase.FAILED;
    listener.refuse(status);
    return to;
  }

  /** Knuth-Morris-Pratt over the body as it arrives: the match state survives across calls. */
  private void scan(byte[] buf, int from, int to) {
    int m = match;
    for (int i = from; i < to; i++) {
      byte b = buf[i];
      while (m > 0 && pattern[m] != b) {
        m = fail[m - 1];
      }
      if (pattern[m] == b) {
        m++;
        if (m == pattern.length) {
          events++;
          m = fail[m - 1];
        }
      }
    }
    match = m;
  }

  private static int[] failureTable(byte[] p) {
    int[] f = new int[p.length];
    for (int i = 1, k = 0; i < p.length; i++) {
      while (k > 0 && p[i] != p[k]) {
        k = f[k - 1];
      }
      if (p[i] == p[k]) {
        k++;
      }
      f[i] = k;
    }
    return f;
  }

  /** The hex size before any chunk extension; -1 when it is not one. */
  private static long chunkSize(byte[] buf, int from, int to) {
    long size = 0;
    int digits = 0;
    for (int i = from; i < to && buf[i] != ';'; i++) {
      int d = Character.digit(buf[i], 16);
      if (d < 0) {
        if (buf[i] == ' ' || buf[i] == '\t') {
          continue;
        }
        return -1;
      }
      if (++digits > 15) {
        return -1;
      }
      size = size * 16 + d;
    }
    return digits == 0 ? -1 : size;
  }

  private static int indexOf(byte[] buf, int from, int to, String what) {
    int n = what.length();
    outer:
    for (int i = from; i + n <= to; i++) {
      for (int k = 0; k < n; k++) {
        if (buf[i + k] != what.charAt(k)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
