package io.atrack.sdk.transport;

import java.io.Closeable;
import java.io.IOException;

/**
 * Sends one HTTP request and returns its answer: the seam between the SDK's delivery engine and the
 * network.
 *
 * <p>The SDK picks a transport itself (a lean keep-alive HTTP/1.1 client for direct connections,
 * {@code java.net.http.HttpClient} when the JVM's proxy settings name a proxy for the API host).
 * Plug in your own for special cases (a corporate egress library, a recording transport in tests)
 * through {@code ATrackBuilder.transport(TransportFactory)}, which hands it the client's timeouts,
 * proxy selector and TLS context ({@link TransportConfig}), or {@code transport(Transport)} for one
 * built without them. Answer with {@link TransportResponse#of(int, String, String)}.
 *
 * <p>Implementations must be thread-safe: the delivery engine calls {@link #send} from up to {@code
 * maxInFlight} threads at once, and each call blocks its thread until the answer's status line and
 * headers are read. They must not follow redirects (the public key must never reach another host),
 * must read only a bounded prefix of the answer's body, and should not wait long for a success's
 * body (the SDK never uses it). They must never log the request's headers or body above DEBUG, nor
 * the {@code x-a-track-key} header at all. A future version may add an asynchronous {@code default}
 * method beside {@link #send}; implementations of this one will keep working.
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
