package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.Requests.post;
import static io.atrack.sdk.internal.sender.TestHttpServer.answer;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TransportsTest {

  private static final URI BASE = URI.create("https://fra.api.a-track.io");
  private static final Duration CONNECT = Duration.ofSeconds(2);

  /** Answers the same proxies for every URL. */
  private static ProxySelector selecting(Proxy... proxies) {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return List.of(proxies);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException e) {}
    };
  }

  private static Transport forBaseUrl(
      URI baseUrl, Duration connect, @Nullable ProxySelector selector) {
    return Transports.create(
        TransportConfig.builder(baseUrl).connectTimeout(connect).proxySelector(selector).build());
  }

  private static Proxy proxy(Proxy.Type type, int port) {
    return new Proxy(type, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  @Test
  void choosesHttpClientForHttpProxy() {
    try (Transport transport = forBaseUrl(BASE, CONNECT, selecting(proxy(Proxy.Type.HTTP, 3128)))) {
      assertThat(transport).isInstanceOf(JdkHttpTransport.class);
    }
  }

  @Test
  void choosesNioTransportWithoutProxy() {
    try (Transport direct = forBaseUrl(BASE, CONNECT, selecting(Proxy.NO_PROXY));
        Transport empty = forBaseUrl(BASE, CONNECT, selecting());
        Transport unset = forBaseUrl(BASE, CONNECT, null)) {
      assertThat(List.of(direct, empty, unset)).allMatch(t -> t instanceof NioTransport);
    }
  }

  @Test
  void sendsThroughHttpProxyInAbsoluteForm() throws Exception {
    try (TestHttpServer proxy = TestHttpServer.start(answer(200, "via proxy"));
        Transport transport =
            forBaseUrl(
                URI.create("http://collector.invalid/collect"),
                CONNECT,
                selecting(proxy(Proxy.Type.HTTP, proxy.port())))) {
      String body =
          transport.send(post(URI.create("http://collector.invalid/collect/event"), "{}")).body();

      assertThat(body).isEqualTo("via proxy");
      assertThat(proxy.received())
          .extracting(TestHttpServer.Received::target)
          .containsExactly("http://collector.invalid/collect/event");
    }
  }

  @Test
  void sendsThroughSocksProxyWithSocketTransport() throws Exception {
    try (TestHttpServer server = TestHttpServer.start(answer(200, "via socks"));
        SocksServer socks = new SocksServer();
        Transport transport =
            forBaseUrl(
                server.uri("/"), CONNECT, selecting(proxy(Proxy.Type.SOCKS, socks.port())))) {
      assertThat(transport).isInstanceOf(SocketTransport.class);

      String body = transport.send(post(server.uri("/event"), "{}")).body();

      assertThat(body).isEqualTo("via socks");
      assertThat(socks.targets).containsExactly("127.0.0.1:" + server.port());
    }
  }
}
