package io.atrack.sdk.internal.sender;

/** {@link SocketTransportTlsTest} against {@link NioTransport}. */
class NioTlsTest extends SocketTransportTlsTest {

  @Override
  TransportKind kind() {
    return TransportKind.NIO;
  }
}
