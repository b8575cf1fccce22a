package io.atrack.sdk.internal.sender;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/** A JDK {@code HttpServer} (or {@code HttpsServer}) on loopback that records what it receives. */
final class TestHttpServer implements AutoCloseable {

  /** What the server received. */
  @SuppressWarnings("ArrayRecordComponent") // A test's snapshot, read as text; never compared.
  record Received(String method, String target, Headers headers, byte[] body, int remotePort) {
    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Writes the answer to an exchange whose request was already read. */
  interface Responder {
    void respond(HttpExchange exchange) throws IOException;
  }

  static {
    // The JDK server writes head and body separately; with Nagle on, the client's delayed ACK
    // holds the body back ~40 ms per answer. Real collectors (nginx) set TCP_NODELAY too.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final Queue<Received> received = new ConcurrentLinkedQueue<>();
  private final Set<Integer> remotePorts = ConcurrentHashMap.newKeySet();
  private final String scheme;

  private TestHttpServer(HttpServer server, String scheme, Responder responder) {
    this.server = server;
    this.scheme = scheme;
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
              body = in.readAllBytes();
            }
            int port = exchange.getRemoteAddress().getPort();
            remotePorts.add(port);
            received.add(
                new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders(),
                    body,
                    port));
            responder.respond(exchange);
          } catch (IOException e) {
            // The client went away mid-answer (tests of large bodies do that on purpose).
          }
        });
    server.start();
  }

  /** Answers {@code status} with a body of {@code size} bytes of 'x', written in 64 KiB chunks. */
  static Responder hugeBody(int status, int size) {
    return exchange -> {
      exchange.sendResponseHeaders(status, size);
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) 'x');
      try (OutputStream out = exchange.getResponseBody()) {
        for (int written = 0; written < size; written += chunk.length) {
          out.write(chunk, 0, Math.min(chunk.length, size - written));
        }
      }
    };
  }

  static TestHttpServer start(Responder responder) throws IOException {
    return start(null, responder);
  }

  static TestHttpServer start(@Nullable SSLContext tls, Responder responder) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      return new TestHttpServer(HttpServer.create(address, 0), "http", responder);
    }
    HttpsServer server = HttpsServer.create(address, 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    return new TestHttpServer(server, "https", responder);
  }

  /** Answers {@code status} with a UTF-8 body and a content-length. */
  static Responder answer(int status, String body, String... headerPairs) {
    return exchange -> {
      for (int i = 0; i < headerPairs.length; i += 2) {
        exchange.getResponseHeaders().add(headerPairs[i], headerPairs[i + 1]);
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    };
  }

  int port() {
    return server.getAddress().getPort();
  }

  URI uri(String path) {
    return uri("127.0.0.1", path);
  }

  URI uri(String host, String path) {
    return URI.create(scheme + "://" + host + ":" + port() + path);
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  /** The client ports seen: one per connection the client opened. */
  Set<Integer> connections() {
    return Set.copyOf(remotePorts);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
