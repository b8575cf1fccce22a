package io.atrack.sdk.internal.sender;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A minimal SOCKS5 proxy (no authentication, CONNECT only) that records the targets asked. */
final class SocksServer implements AutoCloseable {

  final Queue<String> targets = new ConcurrentLinkedQueue<>();
  private final RawServer server;

  SocksServer() throws IOException {
    server = RawServer.start((client, index) -> relay(client));
  }

  int port() {
    return server.port();
  }

  private void relay(Socket client) throws IOException {
    DataInputStream in = new DataInputStream(client.getInputStream());
    OutputStream out = client.getOutputStream();
    in.readUnsignedByte(); // version 5
    in.readNBytes(in.readUnsignedByte()); // offered methods
    out.write(new byte[] {5, 0}); // no authentication
    in.readNBytes(3); // version, CONNECT, reserved
    int type = in.readUnsignedByte();
    String host =
        type == 3
            ? new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII)
            : InetAddress.getByAddress(in.readNBytes(type == 1 ? 4 : 16)).getHostAddress();
    int port = in.readUnsignedShort();
    targets.add(host + ":" + port);
    try (Socket target = new Socket(host, port)) {
      out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
      out.flush();
      Thread back =
          new Thread(
              () -> {
                try {
                  target.getInputStream().transferTo(out);
                } catch (IOException e) {
                  // Either side closed.
                }
              });
      back.setDaemon(true);
      back.start();
      InputStream fromClient = in;
      fromClient.transferTo(target.getOutputStream());
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
