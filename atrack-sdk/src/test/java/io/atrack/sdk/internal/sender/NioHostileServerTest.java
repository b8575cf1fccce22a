package io.atrack.sdk.internal.sender;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** {@link HostileServerTest} against {@link NioTransport}, and hostile servers only it meets. */
class NioHostileServerTest extends HostileServerTest {

  @Override
  TransportKind kind() {
    return TransportKind.NIO;
  }

  @Override
  @Test
  @Disabled("Through a SOCKS proxy: SocketTransport's job, NioTransport connects directly only")
  void neverTakesBytesThatCameBeforeTheRequestForItsAnswer() {}
}
