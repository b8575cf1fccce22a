package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.TestHttpServer.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackBuilder;
import io.atrack.sdk.RetryPolicy;
import io.atrack.sdk.TrackRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ATrackBuilder.sslContext}: a TLS server on loopback whose certificate only the given
 * context trusts (a self-signed CA for DNS name {@code localhost}), reached directly (the socket
 * client) and through an HTTP proxy's {@code CONNECT} tunnel ({@code HttpClient}).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SslContextTest {

  private static SelfSignedTls tls;
  private static TestHttpServer server;
  private static RawServer connectProxy;
  private static final Queue<String> tunnels = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() throws Exception {
    tls = SelfSignedTls.load();
    server = TestHttpServer.start(tls.server, answer(200, "{\"ok\":true}"));
    connectProxy = RawServer.start((client, index) -> tunnel(client));
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
    connectProxy.close();
  }

  private static ATrackBuilder client(String host) {
    return ATrack.builder()
        .publicKey("pub_tls_test_key_0123")
        .baseUrl(server.uri(host, "/"))
        .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
        .shutdownHook(false);
  }

  private static ProxySelector viaConnectProxy() {
    Proxy proxy =
        new Proxy(
            Proxy.Type.HTTP,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), connectProxy.port()));
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return List.of(proxy);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException e) {}
    };
  }

  private static void track(ATrack sdk, String event) {
    sdk.track(TrackRequest.builder(event).uuid("tls-user").build()).join();
  }

  private static long received(String event) {
    return server.received().stream().filter(r -> r.bodyText().contains(event)).count();
  }

  @Test
  void socketClientTrustsTheGivenContext() {
    try (ATrack sdk = client("localhost").sslContext(tls.client).build()) {
      track(sdk, "direct_tls");
    }
    assertThat(received("direct_tls")).isEqualTo(1);
  }

  @Test
  void httpClientBehindProxyTrustsTheGivenContext() {
    try (ATrack sdk =
        client("localhost").sslContext(tls.client).proxySelector(viaConnectProxy()).build()) {
      track(sdk, "proxied_tls");
    }
    assertThat(received("proxied_tls")).isEqualTo(1);
    assertThat(tunnels).contains("localhost:" + server.port());
  }

  @Test
  void withoutTheContextTheHandshakeFails() {
    try (ATrack direct = client("localhost").build();
        ATrack proxied = client("localhost").proxySelector(viaConnectProxy()).build()) {
      assertThatThrownBy(() -> track(direct, "untrusted_direct"))
          .isInstanceOf(CompletionException.class)
          .satisfies(e -> assertThat(causes(e)).anyMatch(SSLHandshakeException.class::isInstance));
      assertThatThrownBy(() -> track(proxied, "untrusted_proxied"))
          .isInstanceOf(CompletionException.class)
          .satisfies(e -> assertThat(causes(e)).anyMatch(SSLHandshakeException.class::isInstance));
    }
    assertThat(received("untrusted_")).isZero();
  }

  @Test
  void hostNamesAreStillVerifiedWithTheContext() {
    // The certificate names DNS "localhost" only: as 127.0.0.1 the same server must be refused.
    try (ATrack direct = client("127.0.0.1").sslContext(tls.client).build();
        ATrack proxied =
            client("127.0.0.1").sslContext(tls.client).proxySelector(viaConnectProxy()).build()) {
      assertThatThrownBy(() -> track(direct, "wrong_host_direct"))
          .satisfies(e -> assertThat(causes(e)).anyMatch(SSLHandshakeException.class::isInstance));
      assertThatThrownBy(() -> track(proxied, "wrong_host_proxied"))
          .satisfies(e -> assertThat(causes(e)).anyMatch(SSLHandshakeException.class::isInstance));
    }
    assertThat(received("wrong_host")).isZero();
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /** An HTTP proxy that serves {@code CONNECT host:port} only, relaying bytes both ways. */
  private static void tunnel(Socket client) throws IOException {
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
    String requestLine = in.readLine();
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      // Headers: ignored.
    }
    if (requestLine == null || !requestLine.startsWith("CONNECT ")) {
      RawServer.write(client, "HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    String target = requestLine.substring("CONNECT ".length(), requestLine.lastIndexOf(' '));
    tunnels.add(target);
    int colon = target.lastIndexOf(':');
    try (Socket upstream =
        new Socket(
            InetAddress.getLoopbackAddress(), Integer.parseInt(target.substring(colon + 1)))) {
      RawServer.write(client, "HTTP/1.1 200 Connection established\r\n\r\n");
      Thread back =
          new Thread(
              () -> {
                try {
                  upstream.getInputStream().transferTo(client.getOutputStream());
                } catch (IOException e) {
                  // Either side closed.
                }
              },
              "connect-proxy-back");
      back.setDaemon(true);
      back.start();
      // BufferedReader may hold bytes the client sent after the CONNECT head: none, since a
      // client waits for the 200 before its TLS hello.
      client.getInputStream().transferTo(upstream.getOutputStream());
    }
  }
}
