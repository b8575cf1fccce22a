package io.atrack.sdk.transport;

import io.atrack.sdk.internal.sender.Timeouts;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The settings a client hands its {@link TransportFactory}: the same values as the client's
 * builder, so they apply to whichever transport sends the requests. Immutable and thread-safe.
 *
 * <p>The SDK makes one per client; {@link #builder(URI)} is for tests of a custom factory.
 */
public final class TransportConfig {

  /** The default {@link #connectTimeout()}: 5 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** The default {@link #requestTimeout()}: 10 seconds. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** The default {@link #connectionIdleTimeout()}: 30 seconds. */
  public static final Duration DEFAULT_CONNECTION_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** The default {@link #maxInFlight()}: the client's, 2048. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 2048;

  private final URI baseUrl;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final @Nullable ProxySelector proxySelector;
  private final @Nullable SSLContext sslContext;
  private final Duration connectionIdleTimeout;
  private final int maxInFlight;

  private TransportConfig(Builder b) {
    this.baseUrl = b.baseUrl;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.proxySelector = b.proxySelector;
    this.sslContext = b.sslContext;
    this.connectionIdleTimeout = b.connectionIdleTimeout;
    this.maxInFlight = b.maxInFlight;
  }

  /**
   * A builder with the defaults, for requests under {@code baseUrl}.
   *
   * @param baseUrl the API's base URL, for example {@code https://fra.api.a-track.io}
   * @return a new builder
   * @throws IllegalArgumentException unless {@code baseUrl} is absolute http(s) with a host
   */
  public static Builder builder(URI baseUrl) {
    return new Builder(baseUrl);
  }

  /**
   * The API's base URL; every request's URI starts with it.
   *
   * @return for example {@code https://fra.api.a-track.io}
   */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * The longest to wait for a connection: TCP, a proxy's answer, the TLS handshake.
   *
   * @return a positive duration; default {@link #DEFAULT_CONNECT_TIMEOUT}
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * The longest one exchange may take; every {@link TransportRequest#timeout()} carries it too.
   *
   * @return a positive duration; default {@link #DEFAULT_REQUEST_TIMEOUT}
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * Where to find proxies; empty means connect directly.
   *
   * @return the selector; default {@link ProxySelector#getDefault()} (the JVM's proxy settings)
   */
  public Optional<ProxySelector> proxySelector() {
    return Optional.ofNullable(proxySelector);
  }

  /**
   * The TLS context for https: its trust material decides which certificates are accepted. Host
   * names are verified whatever it is.
   *
   * @return the context; empty means the JVM's default ({@code SSLContext.getDefault()})
   */
  public Optional<SSLContext> sslContext() {
    return Optional.ofNullable(sslContext);
  }

  /**
   * How long an idle keep-alive connection may be kept for reuse; older ones are closed.
   *
   * @return a positive duration; default {@link #DEFAULT_CONNECTION_IDLE_TIMEOUT}
   */
  public Duration connectionIdleTimeout() {
    return connectionIdleTimeout;
  }

  /**
   * The most requests the client sends at once, so the most connections a transport needs. A
   * blocking transport gets as many delivery threads, unless this is the default: then 32 ({@code
   * ATrackBuilder.DEFAULT_BLOCKING_MAX_IN_FLIGHT}).
   *
   * @return at least 1; default {@value #DEFAULT_MAX_IN_FLIGHT}
   */
  public int maxInFlight() {
    return maxInFlight;
  }

  @Override
  public String toString() {
    return "TransportConfig{baseUrl="
        + baseUrl
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", proxySelector="
        + proxySelector
        + ", sslContext="
        + (sslContext == null ? "JVM default" : sslContext.getProtocol())
        + ", connectionIdleTimeout="
        + connectionIdleTimeout
        + ", maxInFlight="
        + maxInFlight
        + '}';
  }

  /**
   * Builds a {@link TransportConfig}; every setter checks its argument at once. Not thread-safe.
   */
  public static final class Builder {
    private final URI baseUrl;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private @Nullable ProxySelector proxySelector = ProxySelector.getDefault();
    private @Nullable SSLContext sslContext;
    private Duration connectionIdleTimeout = DEFAULT_CONNECTION_IDLE_TIMEOUT;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;

    private Builder(URI baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      String scheme = baseUrl.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || baseUrl.getHost() == null) {
        throw new IllegalArgumentException("baseUrl must be absolute http(s) with a host");
      }
      this.baseUrl = baseUrl;
    }

    /**
     * See {@link TransportConfig#connectTimeout()}.
     *
     * @param connectTimeout the longest a connection may take
     * @return this builder
     * @throws IllegalArgumentException unless between 1 ms and {@code Integer.MAX_VALUE} ms
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Timeouts.socketTimeout(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * See {@link TransportConfig#requestTimeout()}.
     *
     * @param requestTimeout the longest one exchange may take
     * @return this builder
     * @throws IllegalArgumentException unless positive
     */
    public Builder requestTimeout(Duration requestTimeout) {
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      if (requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException(
            "requestTimeout must be positive, was " + requestTimeout);
      }
      this.requestTimeout = requestTimeout;
      return this;
    }

    /**
     * See {@link TransportConfig#proxySelector()}; null connects directly.
     *
     * @param proxySelector the selector, or null
     * @return this builder
     */
    public Builder proxySelector(@Nullable ProxySelector proxySelector) {
      this.proxySelector = proxySelector;
      return this;
    }

    /**
     * See {@link TransportConfig#sslContext()}; null uses the JVM's default.
     *
     * @param sslContext the TLS context, or null
     * @return this builder
     */
    public Builder sslContext(@Nullable SSLContext sslContext) {
      this.sslContext = sslContext;
      return this;
    }

    /**
     * See {@link TransportConfig#connectionIdleTimeout()}.
     *
     * @param connectionIdleTimeout how long an idle connection is kept
     * @return this builder
     * @throws IllegalArgumentException unless between 1 ms and 365 days
     */
    public Builder connectionIdleTimeout(Duration connectionIdleTimeout) {
      this.connectionIdleTimeout =
          Timeouts.idleTimeout(connectionIdleTimeout, "connectionIdleTimeout");
      return this;
    }

    /**
     * See {@link TransportConfig#maxInFlight()}.
     *
     * @param maxInFlight the most requests sent at once
     * @return this builder
     * @throws IllegalArgumentException unless at least 1
     */
    public Builder maxInFlight(int maxInFlight) {
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
      }
      this.maxInFlight = maxInFlight;
      return this;
    }

    /**
     * A config with these settings.
     *
     * @return the config
     */
    public TransportConfig build() {
      return new TransportConfig(this);
    }
  }
}
