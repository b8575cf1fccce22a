package io.atrack.sdk.internal.sender;

/** {@link SocketTransportFailureTest} against {@link NioTransport}. */
class NioTransportFailureTest extends SocketTransportFailureTest {

  @Override
  TransportKind kind() {
    return TransportKind.NIO;
  }
}
