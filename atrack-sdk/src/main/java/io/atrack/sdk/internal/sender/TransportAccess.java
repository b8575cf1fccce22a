package io.atrack.sdk.internal.sender;

import io.atrack.sdk.transport.TransportRequest;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's own way into a {@link TransportRequest}'s body without a copy. Internal: not API.
 *
 * <p>{@code TransportRequest} hands out its body only as a read-only view, and its public factory
 * copies, so no transport can change the bytes a retry will send again. The engine and the built-in
 * transports, which never change a body, go through here instead: a copy per request would cost the
 * hot path an allocation and a copy of every body. The bridge is installed by {@code
 * TransportRequest}'s static initializer (the JDK's {@code SharedSecrets} pattern); the module
 * descriptor does not export this package.
 */
public final class TransportAccess {

  /** What {@code TransportRequest} lets the SDK do; implemented there only. */
  public interface Bridge {
    /** A request over {@code body} itself, not a copy. */
    TransportRequest wrap(URI uri, Map<String, String> headers, byte[] body, Duration timeout);

    /** The request's body array itself. */
    byte[] body(TransportRequest request);
  }

  private static volatile @Nullable Bridge installed;

  private TransportAccess() {}

  /**
   * Installs {@code TransportRequest}'s bridge; called once, from its static initializer.
   *
   * @throws IllegalStateException on a second call
   */
  public static synchronized void install(Bridge bridge) {
    if (installed != null) {
      throw new IllegalStateException("TransportAccess is already installed");
    }
    installed = Objects.requireNonNull(bridge, "bridge");
  }

  /**
   * A request over {@code body} as it is: the caller must never change the array afterwards. No
   * argument is checked: the engine passes only values it built.
   */
  public static TransportRequest wrap(
      URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
    return Holder.BRIDGE.wrap(uri, headers, body, timeout);
  }

  /** The body array of {@code request} itself: read it, never change it. */
  public static byte[] body(TransportRequest request) {
    return Holder.BRIDGE.body(request);
  }

  /** Loads the bridge once: a constant for the JIT afterwards. */
  private static final class Holder {
    static final Bridge BRIDGE = load();

    private static Bridge load() {
      try {
        Class.forName(
            TransportRequest.class.getName(), true, TransportRequest.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      return Objects.requireNonNull(installed, "TransportRequest installed no bridge");
    }
  }
}
