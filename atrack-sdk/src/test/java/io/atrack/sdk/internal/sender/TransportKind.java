package io.atrack.sdk.internal.sender;

import io.atrack.sdk.transport.Transport;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Which transport a shared transport test runs against. The {@code SocketTransport*Test} and {@code
 * HostileServerTest} classes run against {@link #SOCKET}; their {@code Nio*Test} subclasses run the
 * same tests against {@link #NIO}, overriding the few that differ.
 */
enum TransportKind {
  SOCKET,
  NIO;

  /** A transport with every default. */
  Transport create() {
    return with().build();
  }

  /** Settings both transports take; each unset one keeps its transport's default. */
  Settings with() {
    return new Settings(this);
  }

  /** The settings of a transport under test. Not thread-safe. */
  static final class Settings {
    private final TransportKind kind;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration keepAlive;
    private @Nullable SSLContext tls;

    private Settings(TransportKind kind) {
      this.kind = kind;
    }

    Settings connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    Settings keepAlive(Duration keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    Settings tls(SSLContext tls) {
      this.tls = tls;
      return this;
    }

    Transport build() {
      if (kind == SOCKET) {
        SocketTransport.Builder b = SocketTransport.builder();
        if (connectTimeout != null) {
          b.connectTimeout(connectTimeout);
        }
        if (keepAlive != null) {
          b.keepAlive(keepAlive);
        }
        if (tls != null) {
          b.sslContext(tls);
        }
        return b.build();
      }
      NioTransport.Builder b = NioTransport.builder();
      if (connectTimeout != null) {
        b.connectTimeout(connectTimeout);
      }
      if (keepAlive != null) {
        b.keepAlive(keepAlive);
      }
      if (tls != null) {
        b.sslContext(tls);
      }
      return b.build();
    }
  }
}
