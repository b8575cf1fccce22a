package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.NioCalls.assertEachAnsweredWithItsOwnBody;
import static io.atrack.sdk.internal.sender.NioCalls.body;
import static io.atrack.sdk.internal.sender.NioCalls.bodyOf;
import static io.atrack.sdk.internal.sender.NioCalls.drainRequests;
import static io.atrack.sdk.internal.sender.NioCalls.echo;
import static io.atrack.sdk.internal.sender.NioCalls.echoEach;
import static io.atrack.sdk.internal.sender.NioCalls.failureOf;
import static io.atrack.sdk.internal.sender.NioCalls.send;
import static io.atrack.sdk.internal.sender.NioCalls.sendAll;
import static io.atrack.sdk.internal.sender.RawServer.readRequest;
import static io.atrack.sdk.internal.sender.RawServer.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.transport.TransportResponse;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pipelining against raw servers: several requests on one connection before any answer, answers
 * matched strictly in order, and what happens to the requests behind an answer when the server
 * stops (politely with {@code connection: close}, or abruptly). Every request carries its own id
 * and every server echoes it, so an answer given to the wrong request fails the test.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NioPipeliningTest {

  private static final String TOO_LARGE =
      "HTTP/1.1 413 Payload Too Large\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";

  private static NioTransport oneConnection() {
    return NioTransport.builder().maxConnections(1).build();
  }

  @Test
  void matchesPipelinedAnswersToTheirRequestsInOrder() throws Exception {
    int count = NioTransport.DEFAULT_MAX_PIPELINE_DEPTH;
    CountDownLatch allRead = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    try (RawServer server =
            RawServer.start(
                (socket, index) -> {
                  InputStream in = new BufferedInputStream(socket.getInputStream());
                  List<String> bodies = new ArrayList<>();
                  for (int i = 0; i < count; i++) {
                    bodies.add(bodyOf(readRequest(in)));
                  }
                  allRead.countDown();
                  answer.await(10, TimeUnit.SECONDS);
                  // In order, each answer cut in three writes so that reads end mid-answer.
                  OutputStream out = socket.getOutputStream();
                  for (String body : bodies) {
                    byte[] bytes = echo(body).getBytes(StandardCharsets.ISO_8859_1);
                    int third = bytes.length / 3;
                    out.write(bytes, 0, third);
                    out.flush();
                    out.write(bytes, third, third);
                    out.flush();
                    out.write(bytes, 2 * third, bytes.length - 2 * third);
                    out.flush();
                  }
                  RawServer.awaitEof(socket);
                });
        NioTransport transport = oneConnection()) {
      List<CompletableFuture<TransportResponse>> outcomes =
          sendAll(transport, server.uri("/event"), count);

      assertThat(allRead.await(10, TimeUnit.SECONDS))
          .as("all requests written on one connection before any answer")
          .isTrue();
      assertThat(outcomes).noneMatch(CompletableFuture::isDone);
      answer.countDown();

      assertEachAnsweredWithItsOwnBody(outcomes);
      assertThat(server.accepted()).isEqualTo(1);
    }
  }

  @Test
  void resendsRequestsBehindConnectionCloseAsNginxKeepaliveRequestsDoes() throws Exception {
    int perConnection = 3;
    int count = 60;
    Queue<String> processed = new ConcurrentLinkedQueue<>();
    AtomicInteger ignored = new AtomicInteger();
    try (RawServer server =
            RawServer.start(
                (socket, index) -> {
                  InputStream in = new BufferedInputStream(socket.getInputStream());
                  for (int i = 1; i <= perConnection; i++) {
                    String request = readRequest(in);
                    if (request == null) {
                      return;
                    }
                    String body = bodyOf(request);
                    processed.add(body);
                    write(socket, i < perConnection ? echo(body) : echo(body, "connection: close"));
                  }
                  // nginx's lingering close: no more answers, read what still comes, then close.
                  socket.shutdownOutput();
                  ignored.addAndGet(drainRequests(in));
                });
        NioTransport transport = NioTransport.builder().maxConnections(2).build()) {
      List<CompletableFuture<TransportResponse>> outcomes =
          sendAll(transport, server.uri("/event"), count);

      assertEachAnsweredWithItsOwnBody(outcomes);
      assertThat(processed)
          .as("each processed exactly once")
          .hasSize(count)
          .doesNotHaveDuplicates();
      assertThat(server.accepted()).isGreaterThanOrEqualTo(count / perConnection);
      // Once the first close taught the route the server's limit, no connection carried more:
      // only the two connections open before it had requests the server ignored.
      transport.close(); // ends the idle connections the server still reads
      server.awaitFinished(server.accepted());
      assertThat(ignored.get()).isLessThanOrEqualTo(2 * NioTransport.DEFAULT_MAX_PIPELINE_DEPTH);
    }
  }

  @Test
  void stopsPipeliningToServerThatClosesAfterEveryAnswer() throws Exception {
    int count = 30;
    Queue<String> processed = new ConcurrentLinkedQueue<>();
    Map<Integer, Integer> requestsSeen = new ConcurrentHashMap<>();
    try (RawServer server =
            RawServer.start(
                (socket, index) -> {
                  InputStream in = new BufferedInputStream(socket.getInputStream());
                  String request = readRequest(in);
                  if (request == null) {
                    return;
                  }
                  String body = bodyOf(request);
                  processed.add(body);
                  write(socket, echo(body, "connection: close"));
                  socket.shutdownOutput();
                  requestsSeen.put(index, 1 + drainRequests(in));
                });
        NioTransport transport = NioTransport.builder().maxConnections(2).build()) {
      List<CompletableFuture<TransportResponse>> outcomes =
          sendAll(transport, server.uri("/event"), count);

      assertEachAnsweredWithItsOwnBody(outcomes);
      assertThat(processed).hasSize(count).doesNotHaveDuplicates();
      transport.close();
      server.awaitFinished(server.accepted());
      // Only the two connections open before the first answer pipelined; after it, the route
      // learned that the server answers one request per connection.
      assertThat(requestsSeen).hasSize(server.accepted());
      assertThat(requestsSeen.values().stream().filter(n -> n > 1)).hasSizeLessThanOrEqualTo(2);
      assertThat(server.accepted()).isGreaterThanOrEqualTo(count - 2 * 16);
    }
  }

  @Test
  void learnsNoLimitFromAnErrorAnswerThatClosesTheConnection() throws Exception {
    // nginx closes after some errors (a body over client_max_body_size, say): that is about the
    // request, not how many requests a connection may carry.
    int count = 8;
    Queue<String> processed = new ConcurrentLinkedQueue<>();
    try (RawServer server =
            RawServer.start(
                (socket, index) -> {
                  if (index > 0) {
                    echoEach(processed::add).run(socket, index);
                    return;
                  }
                  InputStream in = new BufferedInputStream(socket.getInputStream());
                  readRequest(in);
                  write(socket, TOO_LARGE);
                  socket.shutdownOutput();
                  drainRequests(in);
                });
        NioTransport transport = oneConnection()) {
      List<CompletableFuture<TransportResponse>> outcomes =
          sendAll(transport, server.uri("/event"), count);

      assertThat(outcomes.get(0).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(413);
      for (int i = 1; i < count; i++) {
        assertThat(outcomes.get(i).get(10, TimeUnit.SECONDS).body()).isEqualTo(body(i));
      }
      assertThat(server.accepted()).as("the others shared one connection").isEqualTo(2);
    }
  }

  @Test
  void resendsOnceWhatWasBehindAnAnswerWhenTheConnectionIsReset() throws Exception {
    CountDownLatch firstAnswered = new CountDownLatch(1);
    Queue<String> processed = new ConcurrentLinkedQueue<>();
    try (RawServer server =
            RawServer.start(
                (socket, index) -> {
                  if (index > 0) {
                    echoEach(processed::add).run(socket, index);
                    return;
                  }
                  InputStream in = new BufferedInputStream(socket.getInputStream());
                  String first = bodyOf(readRequest(in));
                  readRequest(in);
                  readRequest(in);
                  processed.add(first);
                  write(socket, echo(first));
                  firstAnswered.await(10, TimeUnit.SECONDS);
                  socket.setSoLinger(true, 0); // close() sends a reset
                });
        NioTransport transport = oneConnection()) {
      List<CompletableFuture<TransportResponse>> outcomes = new ArrayList<>();
      outcomes.add(send(transport, server.uri("/event"), body(0)));
      CompletableFuture<?> counted =
          outcomes.get(0).whenComplete((r, e) -> firstAnswered.countDown());
      outcomes.add(send(transport, server.uri("/event"), body(1)));
      outcomes.add(send(transport, server.uri("/event"), body(2)));

      assertEachAnsweredWithItsOwnBody(outcomes);
      assertThat(counted).isDone();
      assertThat(processed).containsExactly(body(0), body(1), body(2));
      assertThat(server.accepted()).isEqualTo(2);
    }
  }

  @Test
  void failsTheRequestWhoseAnswerHadBegunAndResendsTheOnesBehind() throws Exception {
    Queue<String> processed = new ConcurrentLinkedQueue<>();
    try (RawServer server =
            RawServer.start(
                (socket, index) -> {
                  if (index > 0) {
                    echoEach(processed::add).run(socket, index);
                    return;
                  }
                  InputStream in = new BufferedInputStream(socket.getInputStream());
                  String first = bodyOf(readRequest(in));
                  readRequest(in);
                  readRequest(in);
                  write(socket, echo(first) + "HTTP/1.1 20"); // then closed mid-status-line
                });
        NioTransport transport = oneConnection()) {
      CompletableFuture<TransportResponse> first = send(transport, server.uri("/event"), body(0));
      CompletableFuture<TransportResponse> cut = send(transport, server.uri("/event"), body(1));
      CompletableFuture<TransportResponse> behind = send(transport, server.uri("/event"), body(2));

      assertThat(first.get(10, TimeUnit.SECONDS).body()).isEqualTo(body(0));
      assertThat(failureOf(cut)).isInstanceOf(IOException.class);
      assertThat(behind.get(10, TimeUnit.SECONDS).body()).isEqualTo(body(2));
      assertThat(processed).as("on the second connection").containsExactly(body(2));
    }
  }

  @Test
  void failsPipelinedRequestAtItsOwnTimeoutAndDropsItsLateAnswer() throws Exception {
    CountDownLatch bothRead = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    try (RawServer server =
            RawServer.start(
                (socket, index) -> {
                  InputStream in = new BufferedInputStream(socket.getInputStream());
                  String slow = bodyOf(readRequest(in));
                  String quick = bodyOf(readRequest(in));
                  bothRead.countDown();
                  answer.await(10, TimeUnit.SECONDS);
                  write(socket, echo(slow) + echo(quick));
                  echoEach(body -> {}).run(socket, index);
                });
        NioTransport transport = oneConnection()) {
      CompletableFuture<TransportResponse> slow =
          send(transport, server.uri("/event"), body(0), Duration.ofSeconds(10));
      CompletableFuture<TransportResponse> quick =
          send(transport, server.uri("/event"), body(1), Duration.ofMillis(200));
      assertThat(bothRead.await(10, TimeUnit.SECONDS)).as("both on one connection").isTrue();

      assertThat(failureOf(quick)).isInstanceOf(SocketTimeoutException.class);
      answer.countDown();

      assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo(body(0));
      // The late answer to the request that timed out was matched to it and dropped: the next
      // request on the same connection gets its own.
      assertThat(send(transport, server.uri("/event"), body(2)).get(10, TimeUnit.SECONDS).body())
          .isEqualTo(body(2));
      assertThat(server.accepted()).isEqualTo(1);
    }
  }

  @Test
  void resendsRequestsBehindOneThatTimedOutOnAnotherConnection() throws Exception {
    Queue<String> processed = new ConcurrentLinkedQueue<>();
    try (RawServer server =
            RawServer.start(
                (socket, index) -> {
                  if (index > 0) {
                    echoEach(processed::add).run(socket, index);
                    return;
                  }
                  InputStream in = new BufferedInputStream(socket.getInputStream());
                  readRequest(in);
                  readRequest(in);
                  RawServer.awaitEof(socket); // never answers
                });
        NioTransport transport = oneConnection()) {
      CompletableFuture<TransportResponse> stalled =
          send(transport, server.uri("/event"), body(0), Duration.ofMillis(300));
      CompletableFuture<TransportResponse> behind =
          send(transport, server.uri("/event"), body(1), Duration.ofSeconds(10));

      assertThat(failureOf(stalled)).isInstanceOf(SocketTimeoutException.class);
      assertThat(behind.get(10, TimeUnit.SECONDS).body()).isEqualTo(body(1));
      assertThat(processed).containsExactly(body(1));
    }
  }
}
