package io.atrack.sdk.transport;

import java.io.Closeable;
import java.io.IOException;

/**
 * Sends one HTTP request and returns its answer: the seam between the SDK's delivery engine and the
 * network.
 *
 * <p>The SDK picks a transport itself (a lean keep-alive HTTP/1.1 client for direct connections,
 * {@code java.net.http.HttpClient} when the JVM's proxy settings name a proxy for the API host).
 * Plug in your own through {@code ATrack.Builder.transport(…)} for special cases: a corporate
 * egress library, a recording transport in tests.
 *
 * <p>Implementations must be thread-safe: the delivery engine calls {@link #send} from up to {@code
 * maxInFlight} threads at once, and each call blocks its thread until the answer's status line and
 * headers are read. They must not follow redirects (the public key must never reach another host)
 * and must read only a bounded prefix of the answer's body. They must never log the request's
 * headers or body above DEBUG, nor the {@code x-a-track-key} header at all.
 */
public interface Transport extends Closeable {

  /**
   * Sends {@code request} and waits for the answer.
   *
   * @param request the request to send
   * @return the answer, whatever its status code
   * @throws IOException when no answer came: connection refused or reset, timeout, TLS failure. The
   *     delivery engine retries these.
   */
  TransportResponse send(TransportRequest request) throws IOException;

  /** Closes idle connections and releases threads; later {@link #send} calls may fail. */
  @Override
  void close();
}
