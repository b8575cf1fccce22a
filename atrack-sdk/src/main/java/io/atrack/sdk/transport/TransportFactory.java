package io.atrack.sdk.transport;

import io.atrack.sdk.internal.sender.Transports;

/**
 * Creates a client's {@link Transport} from the client's settings: how a custom transport receives
 * the builder's timeouts, proxy choice and TLS context, so that they apply whatever sends the
 * requests.
 *
 * <p>Called once, by {@code ATrackBuilder.build()}, on the building thread. The client closes the
 * transport when it closes.
 *
 * <pre>{@code
 * ATrack sdk = ATrack.builder()
 *     .publicKey("pub_xxxxx")
 *     .connectTimeout(Duration.ofSeconds(2))
 *     .transport(config -> new CountingTransport(TransportFactory.builtIn().create(config)))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface TransportFactory {

  /**
   * A transport honouring {@code config}: connecting within {@link
   * TransportConfig#connectTimeout()}, through the proxy {@link TransportConfig#proxySelector()}
   * picks, trusting what {@link TransportConfig#sslContext()} trusts (with host name verification),
   * and ending each exchange within its {@link TransportRequest#timeout()}.
   *
   * @param config the client's settings
   * @return a new transport, never null
   */
  Transport create(TransportConfig config);

  /**
   * The SDK's own choice, which every client uses unless told otherwise: a lean keep-alive HTTP/1.1
   * client on sockets for direct and SOCKS connections, {@code java.net.http.HttpClient} when the
   * proxy selector names an HTTP proxy for the base URL (asked once, at creation).
   *
   * @return the built-in factory; a transport it creates honours every setting of the config
   */
  static TransportFactory builtIn() {
    return Transports::create;
  }
}
