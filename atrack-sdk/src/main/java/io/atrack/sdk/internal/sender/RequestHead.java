package io.atrack.sdk.internal.sender;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The encoded start of a {@code POST}: request line, {@code host} and the caller's headers, up to
 * the {@code content-length} line that {@link HttpConnection} appends per request.
 *
 * <p>Encoded once per (URI, headers map instance) and cached by {@link RequestHeads}: the delivery
 * engine reuses one headers map, so the steady state encodes nothing.
 */
final class RequestHead {

  /** Headers the connection owns; a caller's value for them would corrupt the framing. */
  private static final String[] OWN_HEADERS = {
    "host", "content-length", "transfer-encoding", "connection", "expect", "upgrade", "te"
  };

  final URI uri;
  final Map<String, String> headers;
  final Route route;
  final byte[] bytes;

  private RequestHead(URI uri, Map<String, String> headers, Route route, byte[] bytes) {
    this.uri = uri;
    this.headers = headers;
    this.route = route;
    this.bytes = bytes;
  }

  /**
   * Encodes the head of a {@code POST} to {@code uri} with {@code headers}.
   *
   * @throws IllegalArgumentException when the URI is not absolute http(s) with a host, or a header
   *     name or value holds characters that would break the framing (the message names the header,
   *     never its value)
   */
  static RequestHead encode(URI uri, Map<String, String> headers, Route route) {
    StringBuilder sb = new StringBuilder(256);
    String path = uri.getRawPath();
    sb.append("POST ").append(path == null || path.isEmpty() ? "/" : path);
    if (uri.getRawQuery() != null) {
      sb.append('?').append(uri.getRawQuery());
    }
    sb.append(" HTTP/1.1\r\nhost: ").append(route.host);
    if (route.port != route.defaultPort()) {
      sb.append(':').append(route.port);
    }
    sb.append("\r\n");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey();
      checkName(name);
      if (isOwnHeader(name)) {
        continue;
      }
      String value = header.getValue();
      checkValue(name, value);
      sb.append(name).append(": ").append(value).append("\r\n");
    }
    return new RequestHead(uri, headers, route, sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isOwnHeader(String name) {
    for (String own : OWN_HEADERS) {
      if (own.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static void checkName(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("header name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == ':') {
        throw new IllegalArgumentException(
            "header name must be a token without spaces, colons or control characters: "
                + name.replaceAll("[^A-Za-z0-9-]", "?"));
      }
    }
  }

  private static void checkValue(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        // Never echo the value: it may be the public key.
        throw new IllegalArgumentException(
            "header " + name + " has a value with CR, LF or NUL characters");
      }
    }
  }
}
