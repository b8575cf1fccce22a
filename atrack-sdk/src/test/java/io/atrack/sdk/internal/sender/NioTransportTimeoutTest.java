package io.atrack.sdk.internal.sender;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** {@link SocketTransportTimeoutTest} against {@link NioTransport}. */
class NioTransportTimeoutTest extends SocketTransportTimeoutTest {

  @Override
  TransportKind kind() {
    return TransportKind.NIO;
  }

  @Override
  @Test
  @Disabled("SocketTransport's watchdog thread; NioTransportCloseTest covers the I/O thread")
  void endsTimeoutThreadAfterClose() {}
}
