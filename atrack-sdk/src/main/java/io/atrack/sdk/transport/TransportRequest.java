package io.atrack.sdk.transport;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code POST} the delivery engine asks a {@link Transport} to send.
 *
 * <p>The engine reuses the same {@code headers} map instance for every request of a client, so a
 * transport may cache what it derives from it (an encoded header block) by identity.
 *
 * @param uri the full target, for example {@code https://fra.api.a-track.io/event}
 * @param headers header names (lower case) and values, in sending order; never log the key
 * @param body the JSON body, UTF-8; the same bytes on every attempt of one call
 * @param timeout the longest this exchange may take, from sending to reading the status and headers
 */
@SuppressWarnings("ArrayRecordComponent") // Handed over without a copy per attempt; read only.
public record TransportRequest(
    URI uri, Map<String, String> headers, byte[] body, Duration timeout) {

  /**
   * Checks that no part is null.
   *
   * @param uri the full target
   * @param headers header names and values
   * @param body the JSON body
   * @param timeout the longest the exchange may take
   */
  public TransportRequest {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(timeout, "timeout");
  }
}
