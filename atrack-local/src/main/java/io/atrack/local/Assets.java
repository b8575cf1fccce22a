package io.atrack.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page: plain HTML, CSS and JavaScript shipped in the jar under {@code io/atrack/local/ui/}, no
 * build step and nothing from the network. {@code /} is the page, {@code /ui/<file>} its files.
 */
final class Assets implements HttpHandler {
  private static final Map<String, String> TYPES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "app.js", "text/javascript; charset=utf-8",
          "app.css", "text/css; charset=utf-8");

  private final Map<String, byte[]> files;

  Assets() {
    files =
        Map.of(
            "index.html", load("index.html"), "app.js", load("app.js"), "app.css", load("app.css"));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String name = path.equals("/") ? "index.html" : path.substring("/ui/".length());
    byte[] body = files.get(name);
    if (body == null
        || !(exchange.getRequestMethod().equals("GET")
            || exchange.getRequestMethod().equals("HEAD"))) {
      Http.error(exchange, 404, "no such file: " + path);
      return;
    }
    // The page inserts payload text only as text; the policy is a second line of defence.
    exchange
        .getResponseHeaders()
        .set(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:");
    Http.send(exchange, 200, TYPES.getOrDefault(name, "application/octet-stream"), body);
  }

  private static byte[] load(String name) {
    try (InputStream in = Assets.class.getResourceAsStream("ui/" + name)) {
      if (in == null) {
        throw new IllegalStateException("ui/" + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
