package io.atrack.sdk.internal.sender;

/** {@link SocketTransportCloseTest} against {@link NioTransport}. */
class NioTransportCloseTest extends SocketTransportCloseTest {

  @Override
  TransportKind kind() {
    return TransportKind.NIO;
  }
}
