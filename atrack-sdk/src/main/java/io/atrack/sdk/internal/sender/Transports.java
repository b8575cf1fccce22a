package io.atrack.sdk.internal.sender;

import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportConfig;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Chooses and configures the SDK's built-in {@link Transport} for a client ({@code
 * TransportFactory.builtIn()}). Internal: not API.
 *
 * <p>The choice follows what the JVM's proxy settings ({@code http.proxyHost}, {@code
 * https.proxyHost}, {@code socksProxyHost}, {@code http.nonProxyHosts} or an installed {@link
 * ProxySelector}, or the client's {@code proxySelector}) say for the base URL, asked once when the
 * client is built:
 *
 * <ul>
 *   <li>an HTTP proxy: {@link JdkHttpTransport}. Speaking to HTTP proxies (absolute-form requests,
 *       {@code CONNECT} tunnels for https, proxy errors) is {@code HttpClient}'s job, done and
 *       tested there; the cost is several times the CPU per request, acceptable behind a proxy.
 *   <li>a SOCKS proxy: {@link SocketTransport} through it. {@code java.net.Socket} speaks SOCKS
 *       natively, while {@code HttpClient} would ignore such a proxy and connect directly.
 *   <li>no proxy: {@link NioTransport}, keep-alive connections on one non-blocking I/O thread,
 *       pipelined: requests in flight cost no thread, so a long round trip does not cap the rate.
 * </ul>
 *
 * <p>As in {@code HttpClient}, only the selector's first proxy for the URL counts.
 */
public final class Transports {

  private Transports() {}

  /**
   * The built-in transport for {@code config}: every setting applies (connect timeout, proxy
   * selector, TLS context; for {@link NioTransport} and {@link SocketTransport} also the idle
   * timeout and {@code maxInFlight}, the most requests in flight or the pool's bound). {@code
   * HttpClient} keeps idle connections for its own time, set JVM-wide by {@code
   * jdk.httpclient.keepalive.timeout}.
   *
   * @throws IllegalArgumentException when the base URL is not absolute http(s) with a host
   */
  public static Transport create(TransportConfig config) {
    Objects.requireNonNull(config, "config");
    URI baseUrl = config.baseUrl();
    Route.key(baseUrl); // Validates scheme and host before the selector sees the URL.
    ProxySelector selector = config.proxySelector().orElse(null);
    SSLContext tls = config.sslContext().orElse(null);
    Proxy proxy = firstProxy(baseUrl, selector);
    if (proxy.type() == Proxy.Type.HTTP) {
      return JdkHttpTransport.create(
          config.connectTimeout(), Objects.requireNonNull(selector), tls);
    }
    if (proxy.type() == Proxy.Type.DIRECT) {
      return NioTransport.create(config, config.maxInFlight());
    }
    SocketTransport.Builder socket =
        SocketTransport.builder()
            .connectTimeout(config.connectTimeout())
            .keepAlive(config.connectionIdleTimeout())
            .maxIdleConnections(config.maxInFlight())
            .proxy(proxy);
    if (tls != null) {
      socket.sslContext(tls);
    }
    return socket.build();
  }

  private static Proxy firstProxy(URI baseUrl, @Nullable ProxySelector selector) {
    if (selector == null) {
      return Proxy.NO_PROXY;
    }
    List<Proxy> proxies = selector.select(baseUrl);
    return proxies == null || proxies.isEmpty() || proxies.get(0) == null
        ? Proxy.NO_PROXY
        : proxies.get(0);
  }
}
