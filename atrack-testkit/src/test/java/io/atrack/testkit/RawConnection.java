package io.atrack.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One HTTP/1.1 client connection on a plain socket, for what HttpClient hides or is slow at. */
final class RawConnection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawConnection(FakeCollector collector) throws IOException {
    socket = new Socket(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), collector.port());
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Sends {@code POST path} with {@code {}}, keeping the connection open. */
  RawConnection post(String path) throws IOException {
    return post(path, "{}", "keep-alive");
  }

  /** Sends {@code POST path} with an ASCII JSON body and the given {@code Connection} header. */
  RawConnection post(String path, String json, String connection) throws IOException {
    String request =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Connection: "
            + connection
            + "\r\nContent-Length: "
            + json.length()
            + "\r\n\r\n"
            + json;
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return this;
  }

  /** Reads one response with a Content-Length body and returns its status line. */
  String readResponse() throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("EOF after " + head);
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n", -1)) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    in.readNBytes(length);
    return head.substring(0, head.indexOf("\r\n"));
  }

  /** Reads one byte: -1 when the collector closed the connection. */
  int read() throws IOException {
    return in.read();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
