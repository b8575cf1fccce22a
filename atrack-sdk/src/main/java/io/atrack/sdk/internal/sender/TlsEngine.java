package io.atrack.sdk.internal.sender;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * TLS for one {@link NioConnection}: an {@link SSLEngine} in client mode with host-name
 * verification and SNI (as {@link HttpConnection}'s {@code SSLSocket}), between the channel and the
 * connection's plain bytes. Delegated tasks (certificate checks) run on the I/O thread: they happen
 * once per connection. One thread at a time.
 *
 * <p>Buffers: {@code netIn} and {@code appIn} are kept ready to read (flipped), {@code netOut}
 * likewise, holding encrypted bytes not yet written.
 */
final class TlsEngine {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SSLEngine engine;
  private ByteBuffer netIn;
  private ByteBuffer appIn;
  private ByteBuffer netOut;
  private boolean started;

  TlsEngine(SSLContext context, Route route) {
    engine = context.createSSLEngine(route.socketHost(), route.port);
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    // Without this, JSSE checks the certificate chain but not that it names the host.
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!route.isIpLiteral()) {
      try {
        parameters.setServerNames(List.of(new SNIHostName(route.socketHost())));
      } catch (IllegalArgumentException e) {
        // Not a valid SNI name (an underscore, say): connect without SNI, as JSSE itself would.
      }
    }
    engine.setSSLParameters(parameters);
    int packet = engine.getSession().getPacketBufferSize();
    netIn = ByteBuffer.allocate(packet).flip();
    netOut = ByteBuffer.allocate(packet).flip();
    appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
  }

  /**
   * Drives the handshake as far as the channel allows.
   *
   * @return true when done; false when it waits for the channel (see {@link #wantsWrite()})
   * @throws IOException when the handshake failed or the peer closed
   */
  boolean handshake(SocketChannel channel) throws IOException {
    if (!started) {
      engine.beginHandshake();
      started = true;
    }
    while (true) {
      if (!flushNet(channel)) {
        return false;
      }
      switch (engine.getHandshakeStatus()) {
        case NEED_WRAP -> wrap(EMPTY);
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          if (!unwrapHandshake(channel)) {
            return false;
          }
        }
        case NEED_TASK -> runTasks();
        case FINISHED, NOT_HANDSHAKING -> {
          return true;
        }
      }
    }
  }

  /** Whether encrypted bytes wait to be written. */
  boolean wantsWrite() {
    return netOut.hasRemaining();
  }

  /**
   * Reads plain bytes: {@link SocketInput.Source#read} for a TLS connection.
   *
   * @throws SocketInput.NeedMoreInput when no whole record is readable now
   */
  int read(SocketChannel channel, byte[] b, int offset, int length) throws IOException {
    while (true) {
      if (appIn.hasRemaining()) {
        int n = Math.min(length, appIn.remaining());
        appIn.get(b, offset, n);
        return n;
      }
      appIn.clear();
      SSLEngineResult result;
      try {
        result = engine.unwrap(netIn, appIn);
      } finally {
        appIn.flip();
      }
      switch (result.getStatus()) {
        case OK -> afterRecord(channel, result);
        case BUFFER_UNDERFLOW -> {
          int n = readNet(channel);
          if (n < 0) {
            return -1;
          }
          if (n == 0) {
            throw SocketInput.NeedMoreInput.INSTANCE;
          }
        }
        case BUFFER_OVERFLOW -> appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
        case CLOSED -> {
          return -1;
        }
      }
    }
  }

  /**
   * Encrypts {@code plain} (ready to read) and writes it, as far as the channel takes it.
   *
   * @return true when everything is written; false when bytes wait for the channel
   */
  boolean write(SocketChannel channel, ByteBuffer plain) throws IOException {
    while (true) {
      if (!flushNet(channel)) {
        return false;
      }
      if (!plain.hasRemaining()) {
        return true;
      }
      wrap(plain);
    }
  }

  /** Sends {@code close_notify} if the channel takes it at once; never waits. */
  void closeQuietly(SocketChannel channel) {
    try {
      engine.closeOutbound();
      if (!netOut.hasRemaining()) {
        // Not wrap(): the result that carries close_notify says CLOSED, which it takes for a
        // failure, and the alert would never be written.
        netOut.compact();
        try {
          engine.wrap(EMPTY, netOut);
        } finally {
          netOut.flip();
        }
      }
      flushNet(channel);
    } catch (IOException | RuntimeException e) {
      // closing anyway
    }
  }

  // After a record: TLS 1.3 sends tickets and key updates after the handshake.
  private void afterRecord(SocketChannel channel, SSLEngineResult result) throws IOException {
    SSLEngineResult.HandshakeStatus status = result.getHandshakeStatus();
    if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
      runTasks();
      status = engine.getHandshakeStatus();
    }
    if (status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
      wrap(EMPTY);
      flushNet(channel);
    }
  }

  private boolean unwrapHandshake(SocketChannel channel) throws IOException {
    while (true) {
      appIn.compact();
      SSLEngineResult result;
      try {
        result = engine.unwrap(netIn, appIn);
      } finally {
        appIn.flip();
      }
      switch (result.getStatus()) {
        case OK -> {
          return true;
        }
        case BUFFER_UNDERFLOW -> {
          int n = readNet(channel);
          if (n < 0) {
            throw new EOFException("Connection closed during the TLS handshake");
          }
          if (n == 0) {
            return false;
          }
        }
        case BUFFER_OVERFLOW -> appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
        case CLOSED ->
            throw new SSLException("Peer closed the connection during the TLS handshake");
      }
    }
  }

  private void wrap(ByteBuffer plain) throws IOException {
    while (true) {
      netOut.compact();
      SSLEngineResult result;
      try {
        result = engine.wrap(plain, netOut);
      } finally {
        netOut.flip();
      }
      switch (result.getStatus()) {
        case OK -> {
          if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            runTasks();
          }
          return;
        }
        case BUFFER_OVERFLOW -> netOut = grow(netOut, engine.getSession().getPacketBufferSize());
        case BUFFER_UNDERFLOW -> throw new SSLException("Unexpected underflow while encrypting");
        case CLOSED -> throw new SSLException("TLS connection closed");
      }
    }
  }

  /** Writes pending encrypted bytes; true when none are left. */
  private boolean flushNet(SocketChannel channel) throws IOException {
    while (netOut.hasRemaining()) {
      if (channel.write(netOut) == 0) {
        return false;
      }
    }
    return true;
  }

  private int readNet(SocketChannel channel) throws IOException {
    netIn.compact();
    try {
      if (!netIn.hasRemaining()) {
        // A record longer than the buffer (the peer's packet size may exceed ours).
        ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() * 2);
        netIn.flip();
        bigger.put(netIn);
        netIn = bigger;
      }
      return channel.read(netIn);
    } finally {
      netIn.flip();
    }
  }

  private void runTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
  }

  /** A buffer (ready to read) with the same bytes and room for at least {@code size} more. */
  private static ByteBuffer grow(ByteBuffer buffer, int size) {
    ByteBuffer bigger = ByteBuffer.allocate(buffer.remaining() + Math.max(size, buffer.capacity()));
    bigger.put(buffer);
    return bigger.flip();
  }
}
