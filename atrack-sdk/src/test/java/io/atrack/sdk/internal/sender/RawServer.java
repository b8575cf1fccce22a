package io.atrack.sdk.internal.sender;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

/**
 * A loopback server on a plain {@code ServerSocket} that runs a script per accepted connection, for
 * exact control: half answers, drops, silence.
 */
final class RawServer implements AutoCloseable {

  /** What to do with the {@code index}-th accepted connection (from 0). */
  interface Script {
    void run(Socket socket, int index) throws IOException, InterruptedException;
  }

  static final String OK = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private RawServer(Script script) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(
        () -> {
          while (!server.isClosed()) {
            Socket socket;
            try {
              socket = server.accept();
            } catch (IOException e) {
              return;
            }
            sockets.add(socket);
            int index = accepted.getAndIncrement();
            threads.execute(
                () -> {
                  try (socket) {
                    script.run(socket, index);
                  } catch (IOException e) {
                    // The client closed or reset: the script is over.
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // close() stops the server
                  } finally {
                    finished.incrementAndGet();
                  }
                });
          }
        });
  }

  static RawServer start(Script script) throws IOException {
    return new RawServer(script);
  }

  /** A server speaking TLS with {@code tls} around {@code script}. */
  static RawServer startTls(SSLContext tls, Script script) throws IOException {
    return new RawServer(
        (socket, index) -> {
          SSLSocket secure =
              (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
          secure.setUseClientMode(false);
          try (secure) {
            script.run(secure, index);
          }
        });
  }

  /** A script answering every request on the connection with {@code answer}, until EOF. */
  static Script answerEach(String answer) {
    return answerEach(answer, request -> {});
  }

  /** Like {@link #answerEach(String)}, handing each request (head and body) to {@code sink}. */
  static Script answerEach(String answer, Consumer<String> sink) {
    return (socket, index) -> {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String request;
      while ((request = readRequest(in)) != null) {
        sink.accept(request);
        write(socket, answer);
      }
    };
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far. */
  int accepted() {
    return accepted.get();
  }

  /** Connections whose script has ended and whose socket is closed. */
  int finished() {
    return finished.get();
  }

  /** Waits until {@code count} connections have finished, their sockets closed by the server. */
  void awaitFinished(int count) {
    Awaitility.await()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5))
        .atMost(Duration.ofSeconds(5))
        .until(() -> finished.get() >= count);
  }

  /**
   * Reads one request: the head up to the blank line, then content-length bytes of body.
   *
   * @return the head and body as ISO-8859-1 text, or null at EOF before any byte
   */
  static @Nullable String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        if (head.size() == 0) {
          return null;
        }
        throw new IOException("EOF inside a request head");
      }
      head.write(b);
      matched = "\r\n\r\n".charAt(matched) == b ? matched + 1 : b == '\r' ? 1 : 0;
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n", -1)) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
  }

  static void write(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Blocks until the client closes the connection (EOF or reset). */
  static void awaitEof(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    while (in.read() >= 0) {
      // Discard.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    threads.shutdownNow();
  }
}
