package io.atrack.sdk.internal.sender;

import io.atrack.sdk.transport.TransportResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One request of a {@link NioTransport}, from {@code sendAsync} to its callback. Owned by the I/O
 * thread once submitted; holds the caller's body, not a copy.
 */
final class Exchange {
  private static final System.Logger log = System.getLogger(Exchange.class.getName());

  final RequestHead head;
  final byte[] body;
  final long timeoutNanos;
  final List<InetSocketAddress> addresses;
  private final AsyncTransport.Callback callback;

  /** When the request went out on a connection: its timeout counts from then. */
  long writtenNanos;

  /** Times it went out again after its connection broke; see {@link NioTransport}. */
  int resends;

  /** Times it went out again because the server closed politely before answering it. */
  int bounces;

  /** Set before it is submitted when it cannot be sent at all (its host is unknown). */
  @Nullable IOException failure;

  private boolean done;

  Exchange(
      RequestHead head,
      byte[] body,
      long timeoutNanos,
      List<InetSocketAddress> addresses,
      AsyncTransport.Callback callback) {
    this.head = head;
    this.body = body;
    this.timeoutNanos = timeoutNanos;
    this.addresses = addresses;
    this.callback = callback;
  }

  boolean isDone() {
    return done;
  }

  /** When its timeout ends, once written. */
  long deadline() {
    return writtenNanos + timeoutNanos;
  }

  void succeed(TransportResponse response) {
    finish(response, null);
  }

  void fail(IOException failure) {
    finish(null, failure);
  }

  private void finish(@Nullable TransportResponse response, @Nullable IOException failure) {
    if (done) {
      return;
    }
    done = true;
    try {
      callback.completed(response, failure);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      // Whatever a callback throws (an AssertionError in a test, say) must not end the I/O thread,
      // which carries every other request.
      log.log(System.Logger.Level.ERROR, "A transport callback failed", e);
    }
  }
}
