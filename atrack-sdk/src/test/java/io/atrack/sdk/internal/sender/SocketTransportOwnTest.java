package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.RawServer.OK;
import static io.atrack.sdk.internal.sender.RawServer.answerEach;
import static io.atrack.sdk.internal.sender.RawServer.awaitEof;
import static io.atrack.sdk.internal.sender.Requests.post;
import static io.atrack.sdk.internal.sender.TestHttpServer.answer;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What only {@link SocketTransport} has, and so is tested only against it: SOCKS proxies, the bound
 * on idle connections, the watchdog thread. The shared transport tests run against both transports
 * ({@link TransportKind}).
 */
class SocketTransportOwnTest {
  private static final Duration DAY = Duration.ofDays(1);

  @Test
  void neverTakesBytesThatCameBeforeTheRequestForItsAnswer() throws Exception {
    // A SOCKS proxy that writes an HTTP answer with its CONNECT reply: it is in the socket before
    // the request is written, and the collector behind it never sees the request.
    AtomicLong relayed = new AtomicLong();
    try (RawServer collector =
            RawServer.start(answerEach(OK, request -> relayed.incrementAndGet()));
        RawServer proxy = RawServer.start((client, index) -> answerEarly(client));
        SocketTransport viaProxy =
            SocketTransport.builder()
                .proxy(
                    new Proxy(
                        Proxy.Type.SOCKS,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port())))
                .build()) {
      assertThatThrownBy(() -> viaProxy.send(post(collector.uri("/event"), "{}", DAY)))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("before the request");
      assertThat(relayed).hasValue(0);
    }
  }

  @Test
  void keepsNoConnectionWhenMaxIdleIsZero() throws Exception {
    try (SocketTransport unpooled = SocketTransport.builder().maxIdleConnections(0).build();
        TestHttpServer server = TestHttpServer.start(answer(200, ""))) {
      for (int i = 0; i < 3; i++) {
        unpooled.send(post(server.uri("/event"), "{}"));
      }

      assertThat(server.connections()).hasSize(3);
    }
  }

  @Test
  void endsTimeoutThreadAfterClose() throws Exception {
    try (RawServer server = RawServer.start(answerEach(OK))) {
      SocketTransport transport = SocketTransport.create();
      assertThat(transport.timeoutThread()).isNull();
      transport.send(post(server.uri("/event"), "{}"));
      Thread thread = transport.timeoutThread();
      assertThat(thread).isNotNull();
      assertThat(thread.isDaemon()).isTrue();
      assertThat(thread.getName()).isEqualTo(Watchdog.THREAD_NAME);

      transport.close();

      await().atMost(Duration.ofSeconds(5)).until(() -> !thread.isAlive());
    }
  }

  private static void answerEarly(Socket client) throws IOException {
    DataInputStream in = new DataInputStream(client.getInputStream());
    OutputStream out = client.getOutputStream();
    in.readUnsignedByte(); // version 5
    in.readNBytes(in.readUnsignedByte()); // offered methods
    out.write(new byte[] {5, 0});
    in.readNBytes(3); // version, CONNECT, reserved
    int type = in.readUnsignedByte();
    in.readNBytes(type == 3 ? in.readUnsignedByte() : type == 1 ? 4 : 16);
    in.readUnsignedShort();
    byte[] reply = {5, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    byte[] early = OK.getBytes(US_ASCII);
    byte[] both = new byte[reply.length + early.length];
    System.arraycopy(reply, 0, both, 0, reply.length);
    System.arraycopy(early, 0, both, reply.length, early.length);
    out.write(both);
    out.flush();
    awaitEof(client);
  }
}
