package io.atrack.benchmarks.collector;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local collector on loopback, for machines without nginx and for the overload run.
 *
 * <ul>
 *   <li>{@code fast}: a raw-socket keep-alive HTTP/1.1 responder, one thread per connection,
 *       answering every request {@code 200 {"ok":true}} after reading its body (content-length or
 *       chunked). Counts requests and body bytes.
 *   <li>{@code stalled}: accepts connections and never reads or answers: an API that hangs.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks.jar io.atrack.benchmarks.collector.Collector fast 0   # prints "PORT n"
 * </pre>
 */
public final class Collector implements AutoCloseable {
  private static final byte[] RESPONSE =
      ("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n"
              + "{\"ok\":true}")
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final boolean stalled;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bodyBytes = new AtomicLong();
  private final Thread acceptor;

  private Collector(boolean stalled, int port) throws IOException {
    this.stalled = stalled;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    acceptor = new Thread(this::acceptLoop, stalled ? "collector-stalled" : "collector-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A collector answering 200 to every request. */
  public static Collector fast(int port) throws IOException {
    return new Collector(false, port);
  }

  /** A collector that accepts connections and never answers. */
  public static Collector stalled(int port) throws IOException {
    return new Collector(true, port);
  }

  public int port() {
    return server.getLocalPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public long requests() {
    return requests.get();
  }

  public long bodyBytes() {
    return bodyBytes.get();
  }

  public int connections() {
    return sockets.size();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      sockets.add(s);
      if (!stalled) {
        Thread t = new Thread(() -> serve(s), "collector-conn");
        t.setDaemon(true);
        t.start();
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      Reader reader = new Reader(in);
      while (true) {
        long body = reader.readRequest();
        if (body < 0) {
          return;
        }
        requests.incrementAndGet();
        bodyBytes.addAndGet(body);
        out.write(RESPONSE);
        out.flush();
      }
    } catch (IOException e) {
      // Client went away.
    } finally {
      sockets.remove(socket);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // ignore
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // ignore
      }
    }
  }

  /** Reads requests off one connection: head, then a content-length or chunked body. */
  private static final class Reader {
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;

    Reader(InputStream in) {
      this.in = in;
    }

    /** Body bytes of the next request, or -1 at end of stream. */
    long readRequest() throws IOException {
      long contentLength = 0;
      boolean chunked = false;
      String line;
      boolean first = true;
      while ((line = readLine()) != null) {
        if (line.isEmpty()) {
          if (first) {
            continue; // stray CRLF between requests
          }
          break;
        }
        first = false;
        int colon = line.indexOf(':');
        if (colon > 0) {
          String name = line.substring(0, colon).trim();
          String value = line.substring(colon + 1).trim();
          if (name.equalsIgnoreCase("content-length")) {
            contentLength = Long.parseLong(value);
          } else if (name.equalsIgnoreCase("transfer-encoding")
              && value.toLowerCase(Locale.ROOT).contains("chunked")) {
            chunked = true;
          }
        }
      }
      if (line == null) {
        return -1;
      }
      if (!chunked) {
        skip(contentLength);
        return contentLength;
      }
      long total = 0;
      while (true) {
        String size = readLine();
        if (size == null) {
          return -1;
        }
        int semi = size.indexOf(';');
        long n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
        if (n == 0) {
          while ((line = readLine()) != null && !line.isEmpty()) {
            // trailers
          }
          return total;
        }
        skip(n);
        readLine();
        total += n;
      }
    }

    private boolean fill() throws IOException {
      if (pos == limit) {
        pos = 0;
        limit = 0;
      }
      if (limit == buf.length) {
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        limit -= pos;
        pos = 0;
      }
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        return false;
      }
      limit += n;
      return true;
    }

    private String readLine() throws IOException {
      int start = pos;
      while (true) {
        for (int i = start; i < limit; i++) {
          if (buf[i] == '\n') {
            int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
            String s = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
            pos = i + 1;
            return s;
          }
        }
        int before = limit - pos;
        if (!fill()) {
          return null;
        }
        start = pos + before;
      }
    }

    private void skip(long n) throws IOException {
      while (n > 0) {
        if (pos == limit && !fill()) {
          throw new IOException("end of stream in body");
        }
        int take = (int) Math.min(n, limit - pos);
        pos += take;
        n -= take;
      }
    }
  }

  /** {@code fast|stalled [port]}: runs until killed, printing {@code PORT n} once listening. */
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "fast";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Collector c = mode.equals("stalled") ? stalled(port) : fast(port);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () ->
                    System.out.println(
                        "COLLECTOR requests=" + c.requests() + " bodyBytes=" + c.bodyBytes())));
    System.out.println("PORT " + c.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
