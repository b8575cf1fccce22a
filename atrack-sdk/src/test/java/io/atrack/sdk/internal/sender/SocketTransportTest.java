package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.Requests.KEY;
import static io.atrack.sdk.internal.sender.Requests.post;
import static io.atrack.sdk.internal.sender.TestHttpServer.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrack.sdk.internal.sender.TestHttpServer.Received;
import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportResponse;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SocketTransportTest {

  final Transport transport = kind().create();

  /** The transport these tests run against; the {@code Nio…} subclass picks NIO. */
  TransportKind kind() {
    return TransportKind.SOCKET;
  }

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  @Test
  void postsBodyAndHeadersAndReturnsStatusRetryAfterAndBody() throws Exception {
    try (TestHttpServer server =
        TestHttpServer.start(answer(429, "slow down", "Retry-After", "7"))) {
      String body = "{\"eventId\":\"e-1\",\"name\":\"caf\u00e9\"}";

      TransportResponse response = transport.send(post(server.uri("/collect/event"), body));

      assertThat(response.statusCode()).isEqualTo(429);
      assertThat(response.retryAfter()).isEqualTo("7");
      assertThat(response.body()).isEqualTo("slow down");
      Received request = server.received().get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.target()).isEqualTo("/collect/event");
      assertThat(request.bodyText()).isEqualTo(body);
      assertThat(request.headers().getFirst("host")).isEqualTo("127.0.0.1:" + server.port());
      assertThat(request.headers().getFirst("content-length"))
          .isEqualTo(String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
      assertThat(request.headers().getFirst("x-a-track-key")).isEqualTo(KEY);
      assertThat(request.headers().getFirst("content-type")).isEqualTo("application/json");
      assertThat(request.headers().getFirst("user-agent")).isEqualTo("a-track-java/0.1.0-test");
    }
  }

  @Test
  void returnsNullRetryAfterAndEmptyBodyWhenAbsent() throws Exception {
    try (TestHttpServer server = TestHttpServer.start(answer(200, ""))) {
      TransportResponse response = transport.send(post(server.uri("/event"), "{}"));

      assertThat(response).isEqualTo(TransportResponse.of(200, null, ""));
    }
  }

  @Test
  void sendsSequentialRequestsOnOneConnection() throws Exception {
    try (TestHttpServer server = TestHttpServer.start(answer(200, "{\"ok\":true}"))) {
      for (int i = 0; i < 100; i++) {
        assertThat(transport.send(post(server.uri("/event"), "{\"i\":" + i + "}")).statusCode())
            .isEqualTo(200);
      }

      assertThat(server.received()).hasSize(100);
      assertThat(server.connections()).hasSize(1);
    }
  }

  @Test
  void sendsConcurrentRequestsOnAtMostOneConnectionPerThread() throws Exception {
    int threads = 8;
    int perThread = 500;
    Queue<String> requests = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (RawServer server =
        RawServer.start(
            RawServer.answerEach(
                "HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n", requests::add))) {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        tasks.add(
            () -> {
              int accepted = 0;
              for (int i = 0; i < perThread; i++) {
                String body = "{\"t\":" + thread + ",\"i\":" + i + "}";
                if (transport.send(post(server.uri("/event"), body)).statusCode() == 202) {
                  accepted++;
                }
              }
              return accepted;
            });
      }
      int accepted = 0;
      for (Future<Integer> result : pool.invokeAll(tasks)) {
        accepted += result.get();
      }

      assertThat(accepted).isEqualTo(threads * perThread);
      assertThat(requests)
          .extracting(request -> request.substring(request.indexOf("\r\n\r\n") + 4))
          .hasSize(threads * perThread)
          .doesNotHaveDuplicates();
      // A new connection opens only while every pooled one is busy on another thread.
      assertThat(server.accepted()).isLessThanOrEqualTo(threads);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void returnsRedirectsWithoutFollowingThem() throws Exception {
    try (TestHttpServer elsewhere = TestHttpServer.start(answer(200, ""));
        TestHttpServer server =
            TestHttpServer.start(
                exchange -> {
                  int status = exchange.getRequestURI().getPath().endsWith("301") ? 301 : 307;
                  answer(status, "moved", "Location", elsewhere.uri("/event").toString())
                      .respond(exchange);
                })) {
      TransportResponse permanent = transport.send(post(server.uri("/301"), "{}"));
      TransportResponse temporary = transport.send(post(server.uri("/307"), "{}"));

      assertThat(permanent.statusCode()).isEqualTo(301);
      assertThat(temporary.statusCode()).isEqualTo(307);
      assertThat(temporary.body()).isEqualTo("moved");
      assertThat(server.received()).hasSize(2);
      assertThat(elsewhere.received()).isEmpty();
    }
  }

  @Test
  void keepsPrefixOfHugeBodyAndClosesConnectionInsteadOfDraining() throws Exception {
    int size = 5 * 1024 * 1024;
    int prefix = 4 * TransportResponse.MAX_BODY_CHARS;
    CountDownLatch returned = new CountDownLatch(1);
    AtomicBoolean restHeldUntilReturned = new AtomicBoolean();
    AtomicInteger served = new AtomicInteger();
    // The first answer sends more than the kept prefix, then holds the rest of its 5 MiB until
    // send() has returned: a transport that drained the body could not return.
    try (TestHttpServer server =
        TestHttpServer.start(
            exchange -> {
              if (served.getAndIncrement() != 0) {
                answer(200, "ok").respond(exchange);
                return;
              }
              exchange.sendResponseHeaders(500, size);
              OutputStream out = exchange.getResponseBody();
              byte[] bytes = new byte[size];
              Arrays.fill(bytes, (byte) 'x');
              out.write(bytes, 0, prefix);
              out.flush();
              try {
                restHeldUntilReturned.set(returned.await(8, TimeUnit.SECONDS));
                out.write(bytes, prefix, size - prefix); // the client may have hung up
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                exchange.close();
              }
            })) {
      TransportResponse response = transport.send(post(server.uri("/event"), "{}"));
      returned.countDown();
      transport.send(post(server.uri("/event"), "{}"));

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body()).hasSize(TransportResponse.MAX_BODY_CHARS).matches("x+");
      await().atMost(Duration.ofSeconds(8)).untilTrue(restHeldUntilReturned);
      assertThat(server.connections())
          .as("the first connection was closed, not drained")
          .hasSize(2);
    }
  }

  @Test
  void drainsModerateBodyToKeepConnection() throws Exception {
    try (TestHttpServer server = TestHttpServer.start(answer(400, "e".repeat(10_000)))) {
      TransportResponse first = transport.send(post(server.uri("/event"), "{}"));
      transport.send(post(server.uri("/event"), "{}"));

      assertThat(first.body()).isEqualTo("e".repeat(TransportResponse.MAX_BODY_CHARS));
      assertThat(server.connections()).hasSize(1);
    }
  }

  @Test
  void readsChunkedBodyAndKeepsConnection() throws Exception {
    try (TestHttpServer server =
        TestHttpServer.start(
            exchange -> {
              exchange.sendResponseHeaders(200, 0); // 0: chunked
              try (OutputStream out = exchange.getResponseBody()) {
                out.write("hello ".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("world".getBytes(StandardCharsets.UTF_8));
              }
            })) {
      TransportResponse first = transport.send(post(server.uri("/event"), "{}"));
      TransportResponse second = transport.send(post(server.uri("/event"), "{}"));

      assertThat(first.body()).isEqualTo("hello world");
      assertThat(second.body()).isEqualTo("hello world");
      assertThat(server.connections()).hasSize(1);
    }
  }

  @Test
  void closesConnectionsIdleLongerThanKeepAlive() throws Exception {
    try (SocketTransport shortLived =
            SocketTransport.builder().keepAlive(Duration.ofNanos(1)).build();
        TestHttpServer server = TestHttpServer.start(answer(200, ""))) {
      shortLived.send(post(server.uri("/event"), "{}"));
      shortLived.send(post(server.uri("/event"), "{}"));

      assertThat(server.connections()).hasSize(2);
    }
  }
}
