package io.atrack.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import java.io.EOFException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One request as the {@link FakeCollector} received it: method, path, headers, body and arrival
 * time.
 *
 * <p>Immutable and thread-safe. {@link #toString()} masks the {@code x-a-track-key} header, so
 * printing requests in test output does not leak keys.
 */
public final class RecordedRequest {
  private static final int MAX_EXACT_READ = 16 * 1024 * 1024;
  private static final List<String> MASKED = List.of("x-a-track-key", "authorization");

  private final String method;
  private final String path;
  // [name0, value0, name1, value1, …], names in lower case: far smaller than the JDK's Headers
  // (a map of linked lists), which matters when a stress test keeps 200,000 requests.
  private final String[] headers;
  private final String rawBody;
  private final Instant receivedAt;

  RecordedRequest(
      String method, String path, String[] headers, String rawBody, Instant receivedAt) {
    this.method = method;
    this.path = path;
    this.headers = headers;
    this.rawBody = rawBody;
    this.receivedAt = receivedAt;
  }

  /**
   * Reads the rest of the exchange's request and records the time: the hot path of the collector.
   */
  static RecordedRequest read(HttpExchange exchange) throws IOException {
    byte[] body = readBody(exchange);
    String path = exchange.getRequestURI().getRawPath();
    return new RecordedRequest(
        Canonical.of(exchange.getRequestMethod()),
        Canonical.of(path == null ? exchange.getRequestURI().toString() : path),
        Canonical.headers(exchange.getRequestHeaders()),
        new String(body, UTF_8),
        Instant.now());
  }

  /**
   * Reads into an array of exactly the announced length: {@code readAllBytes()} would allocate and
   * copy 8 KiB buffers for every 300-byte body, which showed at the top of stress-test profiles.
   */
  private static byte[] readBody(HttpExchange exchange) throws IOException {
    String announced = exchange.getRequestHeaders().getFirst("Content-Length");
    long length = -1;
    // With Transfer-Encoding the length header does not count (RFC 9112, 6.3).
    if (announced != null && !exchange.getRequestHeaders().containsKey("Transfer-Encoding")) {
      try {
        length = Long.parseLong(announced.trim());
      } catch (NumberFormatException e) {
        length = -1;
      }
    }
    if (length < 0 || length > MAX_EXACT_READ) {
      return exchange.getRequestBody().readAllBytes();
    }
    byte[] body = new byte[(int) length];
    int n = exchange.getRequestBody().readNBytes(body, 0, body.length);
    if (n < body.length) {
      throw new EOFException("request body ended after " + n + " of " + length + " bytes");
    }
    return body;
  }

  /**
   * The request method as sent, for example {@code POST}.
   *
   * @return the method, for example {@code POST}
   */
  public String method() {
    return method;
  }

  /**
   * The path without query string, undecoded, for example {@code /event}.
   *
   * @return the path, for example {@code /event}
   */
  public String path() {
    return path;
  }

  /**
   * The first value of header {@code name}, looked up case-insensitively ({@code "Content-Type"}
   * and {@code "content-type"} are the same), or null when the request had no such header.
   *
   * @param name the header name, in any case
   * @return the header's first value, or null when absent
   */
  public @Nullable String header(String name) {
    Objects.requireNonNull(name, "name");
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase(name)) {
        return headers[i + 1];
      }
    }
    return null;
  }

  /**
   * All headers, names in lower case and sorted; {@code get} on the returned map ignores case too.
   * A new unmodifiable map on each call.
   *
   * @return the headers by lower-case name, each with its values in the order sent
   */
  public Map<String, List<String>> headers() {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < headers.length; i += 2) {
      copy.computeIfAbsent(headers[i], n -> new ArrayList<>(1)).add(headers[i + 1]);
    }
    copy.replaceAll((name, values) -> List.copyOf(values));
    return Collections.unmodifiableMap(copy);
  }

  /**
   * The body exactly as received, decoded as UTF-8; empty when there was none.
   *
   * @return the body text, possibly empty
   */
  public String rawBody() {
    return rawBody;
  }

  /**
   * The body parsed as a JSON object, keys in the order they were sent: nested objects are {@code
   * LinkedHashMap}s too, arrays {@code List}s, numbers {@code Integer}, {@code Long}, {@code
   * BigInteger} or {@code Double}. A new mutable map on each call.
   *
   * <p>Parsing is strict: duplicate keys and anything after the object are errors.
   *
   * @return the body as a mutable map of JSON values
   * @throws AssertionError when the body is not one valid JSON object; the message shows the
   *     request and the body, so the test failure explains itself
   */
  public Map<String, Object> body() {
    Object parsed;
    try {
      parsed = Json.MAPPER.readValue(rawBody, Object.class);
    } catch (JsonProcessingException e) {
      throw new AssertionError(
          "Body of "
              + method
              + " "
              + path
              + " is not valid JSON ("
              + e.getOriginalMessage()
              + "): "
              + Printable.abbreviate(rawBody),
          e);
    }
    if (!(parsed instanceof Map)) {
      throw new AssertionError(
          "Body of "
              + method
              + " "
              + path
              + " is not a JSON object: "
              + Printable.abbreviate(rawBody));
    }
    @SuppressWarnings("unchecked") // Jackson reads JSON objects as LinkedHashMap<String, Object>
    Map<String, Object> map = (Map<String, Object>) parsed;
    return map;
  }

  /**
   * When the collector had read this request, just before it chose the response.
   *
   * @return when the request was read
   */
  public Instant receivedAt() {
    return receivedAt;
  }

  /**
   * For test output: method, path, headers with the key masked ({@code pub_…a1b2}) and the body,
   * cut after 500 characters.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" {");
    String sep = "";
    for (Map.Entry<String, List<String>> h : headers().entrySet()) {
      String name = h.getKey();
      for (String value : h.getValue()) {
        sb.append(sep).append(name).append(": ");
        sb.append(MASKED.contains(name) ? Printable.maskKey(value) : value);
        sep = ", ";
      }
    }
    return sb.append("} ").append(Printable.abbreviate(rawBody)).toString();
  }
}
