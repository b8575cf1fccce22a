package io.atrack.benchmarks.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the {@code DelayCollector}'s counts ({@code GET /_stats}) over one keep-alive plain socket
 * of its own: what the collector received, as opposed to what a client says it delivered. A
 * blocking socket and no thread, so polling it costs the measured JVM little.
 */
final class CollectorProbe implements AutoCloseable {
  private static final byte[] REQUEST =
      "GET /_stats HTTP/1.1\r\nhost: collector\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] buf = new byte[4096];

  CollectorProbe(URI plainUrl) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(plainUrl.getHost(), plainUrl.getPort()), 5_000);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(10_000);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  /** The counts: requests, events, connections, peakConnections, delayMs, ... */
  Map<String, Long> stats() throws IOException {
    out.write(REQUEST);
    int n = 0;
    int headEnd = -1;
    int length = -1;
    while (true) {
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        throw new IOException("collector closed the stats connection");
      }
      n += r;
      if (headEnd < 0) {
        String s = new String(buf, 0, n, StandardCharsets.US_ASCII);
        headEnd = s.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
          int at = s.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
          length = Integer.parseInt(s.substring(at + 15, s.indexOf("\r\n", at)).trim());
        }
      }
      if (headEnd >= 0 && n >= headEnd + 4 + length) {
        break;
      }
      if (n == buf.length) {
        throw new IOException("stats answer too long");
      }
    }
    String body = new String(buf, headEnd + 4, length, StandardCharsets.US_ASCII).trim();
    Map<String, Long> m = new HashMap<>();
    for (String kv : body.split(" ", -1)) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        m.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
      }
    }
    return m;
  }

  long events() throws IOException {
    return stats().get("events");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
