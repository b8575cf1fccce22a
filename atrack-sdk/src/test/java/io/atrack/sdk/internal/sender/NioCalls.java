package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.RawServer.readRequest;
import static io.atrack.sdk.internal.sender.RawServer.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@link NioTransport#sendAsync} calls as futures, and raw server scripts that echo each request's
 * body ({@code {"id":N}}) so that an answer given to the wrong request shows.
 */
final class NioCalls {

  private NioCalls() {}

  /** The body of request {@code id}. */
  static String body(int id) {
    return "{\"id\":" + id + "}";
  }

  /** The body of a raw request (head and body as read by {@link RawServer#readRequest}). */
  static String bodyOf(String request) {
    return request.substring(request.indexOf("\r\n\r\n") + 4);
  }

  /** An answer carrying {@code body}, with a content-length. */
  static String echo(String body, String... headers) {
    StringBuilder b = new StringBuilder("HTTP/1.1 200 OK\r\n");
    for (String header : headers) {
      b.append(header).append("\r\n");
    }
    return b.append("content-length: ")
        .append(body.getBytes(StandardCharsets.ISO_8859_1).length)
        .append("\r\n\r\n")
        .append(body)
        .toString();
  }

  /** A script answering each request on the connection with its own body, until EOF. */
  static RawServer.Script echoEach(Consumer<String> processed) {
    return (socket, index) -> {
      InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
      String request;
      while ((request = readRequest(in)) != null) {
        String body = bodyOf(request);
        processed.accept(body);
        write(socket, echo(body));
      }
    };
  }

  /** Sends {@code body} and returns its outcome as a future (failed with the IOException). */
  static CompletableFuture<TransportResponse> send(
      NioTransport transport, java.net.URI uri, String body, Duration timeout) {
    CompletableFuture<TransportResponse> outcome = new CompletableFuture<>();
    transport.sendAsync(
        Requests.post(uri, body, timeout),
        (response, failure) -> {
          if (response != null) {
            outcome.complete(response);
          } else {
            outcome.completeExceptionally(failure);
          }
        });
    return outcome;
  }

  static CompletableFuture<TransportResponse> send(
      NioTransport transport, java.net.URI uri, String body) {
    return send(transport, uri, body, Duration.ofSeconds(10));
  }

  /** Sends requests {@code 0..count-1}. */
  static List<CompletableFuture<TransportResponse>> sendAll(
      NioTransport transport, java.net.URI uri, int count) {
    List<CompletableFuture<TransportResponse>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      all.add(send(transport, uri, body(i)));
    }
    return all;
  }

  /** Asserts that each of {@code outcomes} succeeded with its own request's body. */
  static void assertEachAnsweredWithItsOwnBody(List<CompletableFuture<TransportResponse>> outcomes)
      throws Exception {
    for (int i = 0; i < outcomes.size(); i++) {
      TransportResponse response = outcomes.get(i).get(20, TimeUnit.SECONDS);
      assertThat(response.body()).as("answer to request %d", i).isEqualTo(body(i));
    }
  }

  /** The failure of a future that must fail. */
  static @Nullable Throwable failureOf(CompletableFuture<?> outcome) throws InterruptedException {
    try {
      outcome.get(20, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no outcome within 20 s", e);
    }
  }

  /** Reads until the client closes, counting the requests that came meanwhile. */
  static int drainRequests(InputStream in) throws IOException {
    int n = 0;
    while (readRequest(in) != null) {
      n++;
    }
    return n;
  }
}
