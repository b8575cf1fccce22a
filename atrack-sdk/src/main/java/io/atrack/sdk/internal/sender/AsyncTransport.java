package io.atrack.sdk.internal.sender;

import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportRequest;
import io.atrack.sdk.transport.TransportResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Transport} that can also send without holding the caller's thread: the delivery engine
 * hands it requests and gets the answers back through a callback, so the number of requests in
 * flight no longer costs a thread each. Internal: not API (the public SPI stays blocking).
 */
public interface AsyncTransport extends Transport {

  /**
   * Starts sending {@code request} and returns at once. {@code callback} runs exactly once, with
   * the answer or with the {@link IOException} that stands for "no answer" (the same failures
   * {@link #send} throws), on the transport's I/O thread: it must be brief and must not block. A
   * callback that throws is logged and ignored.
   *
   * @throws IllegalArgumentException when the request cannot be sent at all (its URI is not
   *     absolute http(s), a header would break the framing, its timeout is not positive); the
   *     callback is not called then
   * @throws IllegalStateException after {@link #close()}
   */
  void sendAsync(TransportRequest request, Callback callback);

  /** The threads this transport runs now (its I/O thread, once started); for tests and tools. */
  java.util.List<Thread> threads();

  /** Receives the outcome of one {@link #sendAsync} call. */
  @FunctionalInterface
  interface Callback {
    /**
     * The outcome: exactly one of {@code response} and {@code failure} is not null.
     *
     * @param response the answer, whatever its status
     * @param failure why no answer came
     */
    void completed(@Nullable TransportResponse response, @Nullable IOException failure);
  }
}
