package io.atrack.sdk.internal.sender;

/** {@link SocketTransportTimeoutTest} against {@link NioTransport}. */
class NioTransportTimeoutTest extends SocketTransportTimeoutTest {

  @Override
  TransportKind kind() {
    return TransportKind.NIO;
  }
}
