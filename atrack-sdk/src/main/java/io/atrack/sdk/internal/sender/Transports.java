package io.atrack.sdk.internal.sender;

import io.atrack.sdk.transport.Transport;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the SDK's default {@link Transport} for a base URL. Internal: not API.
 *
 * <p>The choice follows what the JVM's proxy settings ({@code http.proxyHost}, {@code
 * https.proxyHost}, {@code socksProxyHost}, {@code http.nonProxyHosts} or an installed {@link
 * ProxySelector}) say for the base URL, asked once when the client is built:
 *
 * <ul>
 *   <li>an HTTP proxy: {@link JdkHttpTransport}. Speaking to HTTP proxies (absolute-form requests,
 *       {@code CONNECT} tunnels for https, proxy errors) is {@code HttpClient}'s job, done and
 *       tested there; the cost is several times the CPU per request, acceptable behind a proxy.
 *   <li>a SOCKS proxy: {@link SocketTransport} through it. {@code java.net.Socket} speaks SOCKS
 *       natively, while {@code HttpClient} would ignore such a proxy and connect directly.
 *   <li>no proxy: {@link SocketTransport}, the lean keep-alive client: its cost per request is the
 *       SDK's cost per event.
 * </ul>
 *
 * <p>As in {@code HttpClient}, only the selector's first proxy for the URL counts.
 */
public final class Transports {

  private Transports() {}

  /**
   * The transport for requests under {@code baseUrl}.
   *
   * @param baseUrl the API's base URL, for example {@code https://fra.api.a-track.io}
   * @param connectTimeout the longest to wait for a connection
   * @param selector the JVM's proxy settings, usually {@code ProxySelector.getDefault()}; null (as
   *     after {@code ProxySelector.setDefault(null)}) means no proxy
   * @throws IllegalArgumentException when {@code baseUrl} is not absolute http(s) with a host, or
   *     the timeout is not positive
   */
  public static Transport forBaseUrl(
      URI baseUrl, Duration connectTimeout, @Nullable ProxySelector selector) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Route.key(baseUrl); // Validates scheme and host before the selector sees the URL.
    Proxy proxy = firstProxy(baseUrl, selector);
    return switch (proxy.type()) {
      case HTTP -> JdkHttpTransport.create(connectTimeout, Objects.requireNonNull(selector));
      case SOCKS -> SocketTransport.builder().connectTimeout(connectTimeout).proxy(proxy).build();
      case DIRECT -> SocketTransport.builder().connectTimeout(connectTimeout).build();
    };
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
