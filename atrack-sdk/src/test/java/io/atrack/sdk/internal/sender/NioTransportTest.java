package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.Requests.post;
import static io.atrack.sdk.internal.sender.TestHttpServer.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link SocketTransportTest} against {@link NioTransport}, and what only it does. */
class NioTransportTest extends SocketTransportTest {

  @Override
  TransportKind kind() {
    return TransportKind.NIO;
  }

  @Override
  @Test
  void closesConnectionsIdleLongerThanKeepAlive() throws Exception {
    // keepAlive is at least 1 ms here: wait for the I/O thread to close the idle connection.
    try (NioTransport shortLived = NioTransport.builder().keepAlive(Duration.ofMillis(1)).build();
        TestHttpServer server = TestHttpServer.start(answer(200, ""))) {
      shortLived.send(post(server.uri("/event"), "{}"));
      await().atMost(Duration.ofSeconds(5)).until(() -> shortLived.connections() == 0);
      shortLived.send(post(server.uri("/event"), "{}"));

      assertThat(server.connections()).hasSize(2);
    }
  }
}
