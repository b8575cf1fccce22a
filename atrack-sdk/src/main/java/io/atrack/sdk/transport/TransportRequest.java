package io.atrack.sdk.transport;

import io.atrack.sdk.internal.sender.TransportAccess;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code POST} the delivery engine asks a {@link Transport} to send. Immutable and thread-safe:
 * the body cannot be changed through it, so every attempt of a call sends the same bytes (and the
 * same {@code eventId}), whatever a transport does with what it is given.
 *
 * <p>The engine reuses the same {@code headers} map instance for every request of a client, so a
 * transport may cache what it derives from it (an encoded header block) by identity.
 *
 * <p>The SDK's own transports read the body without a copy; {@link #body()} hands a custom one a
 * copy and {@link #bodyBuffer()} a read-only view, so nothing escapes that could change it.
 *
 * <p>{@link #toString()} shows the target, the header names and the body's length: never a header
 * value (the {@code x-a-track-key} header is the public key) nor the body.
 */
public final class TransportRequest {

  static {
    TransportAccess.install(
        new TransportAccess.Bridge() {
          @Override
          public TransportRequest wrap(
              URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
            return new TransportRequest(uri, headers, body, timeout);
          }

          @Override
          public byte[] body(TransportRequest request) {
            return request.body;
          }
        });
  }

  private final URI uri;
  private final Map<String, String> headers;
  private final byte[] body;
  private final Duration timeout;

  private TransportRequest(URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
    this.uri = uri;
    this.headers = headers;
    this.body = body;
    this.timeout = timeout;
  }

  /**
   * A request with copies of {@code headers} and {@code body}: changing them afterwards changes
   * nothing here. For tests of a transport and for transports that wrap another.
   *
   * @param uri the full target, for example {@code https://fra.api.a-track.io/event}
   * @param headers header names (lower case) and values, in sending order
   * @param body the JSON body, UTF-8
   * @param timeout the longest the exchange may take, from sending to reading the answer's head
   * @return the request
   * @throws NullPointerException when an argument, a header name or a header value is null
   * @throws IllegalArgumentException when the timeout is not positive
   */
  public static TransportRequest of(
      URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    Map<String, String> copy = new LinkedHashMap<>();
    Objects.requireNonNull(headers, "headers")
        .forEach(
            (name, value) ->
                copy.put(
                    Objects.requireNonNull(name, "header name"),
                    Objects.requireNonNull(value, () -> "value of header " + name)));
    return new TransportRequest(uri, Collections.unmodifiableMap(copy), body.clone(), timeout);
  }

  /**
   * The full target.
   *
   * @return for example {@code https://fra.api.a-track.io/event}
   */
  public URI uri() {
    return uri;
  }

  /**
   * The headers to send; never log them, one is the public key.
   *
   * @return names (lower case) and values in sending order; unmodifiable
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * A copy of the JSON body, UTF-8: the same bytes on every attempt of one call. Changing the copy
   * changes nothing that is sent; {@link #bodyBuffer()} reads the body without copying it.
   *
   * @return a new array each call
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * The JSON body as a read-only view, without a copy: for transports that write buffers (NIO
   * channels, {@code HttpRequest.BodyPublishers.fromPublisher}).
   *
   * @return a new read-only buffer over the whole body each call, positioned at its start
   */
  public ByteBuffer bodyBuffer() {
    return ByteBuffer.wrap(body).asReadOnlyBuffer();
  }

  /**
   * The body's length in bytes, for a {@code content-length} header.
   *
   * @return the length
   */
  public int bodyLength() {
    return body.length;
  }

  /**
   * The longest this exchange may take, from sending to reading the answer's status and headers:
   * the client's {@code requestTimeout}.
   *
   * @return a positive duration
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The target without user info or query, the header names and the body length; no header value,
   * no body.
   */
  @Override
  public String toString() {
    return "TransportRequest{POST "
        + uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath())
        + ", headers="
        + headers.keySet()
        + ", body="
        + body.length
        + " bytes, timeout="
        + timeout
        + '}';
  }
}
