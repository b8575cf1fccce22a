package io.atrack.sdk.internal.sender;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;

/** One origin (scheme, host, port) and its idle connections, most recently used first. */
final class Route {

  final boolean tls;

  /** As in the URI: an IPv6 literal keeps its brackets, as the {@code host} header needs. */
  final String host;

  final int port;

  /** {@code host:port}, for messages: never carries a path, query or header. */
  final String origin;

  /** Scheme, host and port: connections are shared by the requests with the same key. */
  final String key;

  final ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();

  Route(boolean tls, String host, int port) {
    this.tls = tls;
    this.host = host;
    this.port = port;
    this.origin = host + ":" + port;
    this.key = (tls ? "https://" : "http://") + origin;
  }

  /**
   * The route key of {@code uri}.
   *
   * @throws IllegalArgumentException unless {@code uri} is absolute http or https with a host
   */
  static String key(URI uri) {
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException("uri must be absolute http or https, was relative");
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("uri scheme must be http or https, was " + scheme);
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("uri must have a host, for example http://127.0.0.1:9000");
    }
    return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port(uri, scheme);
  }

  static Route of(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return new Route(
        scheme.equals("https"), uri.getHost().toLowerCase(Locale.ROOT), port(uri, scheme));
  }

  private static int port(URI uri, String scheme) {
    return uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
  }

  int defaultPort() {
    return tls ? 443 : 80;
  }

  /** The host as a socket or TLS peer name: an IPv6 literal without its brackets. */
  String socketHost() {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  /** Whether the host is an IP literal, which must not be sent as TLS SNI (RFC 6066). */
  boolean isIpLiteral() {
    if (host.startsWith("[")) {
      return true;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }
}
