package io.atrack.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@link FakeCollector} does with one request: answer with a status, headers and a body,
 * drop the connection, or never answer.
 *
 * <p>Immutable and thread-safe; every fluent method returns a new instance:
 *
 * <pre>{@code
 * collector.respond(
 *     Response.status(503).retryAfter("2"),
 *     Response.status(200).delay(Duration.ofMillis(300)),
 *     Response.dropConnection());
 * }</pre>
 */
public final class Response {
  enum Kind {
    ANSWER,
    DROP,
    NO_ANSWER
  }

  private static final Response OK = status(200);

  private final Kind kind;
  private final int code;
  private final String body;
  // Encoded once, so a 5 MiB body scripted for many requests is not re-encoded per answer.
  private final byte[] bodyBytes;
  private final List<Map.Entry<String, String>> headers;
  private final Duration delay;

  private Response(
      Kind kind,
      int code,
      String body,
      byte[] bodyBytes,
      List<Map.Entry<String, String>> headers,
      Duration delay) {
    this.kind = kind;
    this.code = code;
    this.body = body;
    this.bodyBytes = bodyBytes;
    this.headers = headers;
    this.delay = delay;
  }

  /**
   * An answer with status {@code code} and a default JSON body: {@code {"ok":true}} for 2xx, none
   * for 204 and 304, and {@code {"message":"status 503"}} (with the code) for everything else. The
   * body is sent as {@code content-type: application/json} with a fixed content length.
   *
   * @param code the HTTP status, 100 to 599
   * @return a response with that status and its default body
   * @throws IllegalArgumentException when {@code code} is not in 200..599
   */
  public static Response status(int code) {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("status must be in 200..599, was " + code);
    }
    String body;
    if (code == 204 || code == 304) {
      body = "";
    } else if (code < 300) {
      body = "{\"ok\":true}";
    } else {
      body = Json.message("status " + code);
    }
    return new Response(Kind.ANSWER, code, body, body.getBytes(UTF_8), List.of(), Duration.ZERO);
  }

  /**
   * {@code 200 {"ok":true}}, the collector's default answer.
   *
   * @return the default {@code 200} answer
   */
  public static Response ok() {
    return OK;
  }

  /**
   * Reads and records the request, then closes the TCP connection without any HTTP answer: the
   * client sees an {@code IOException} (EOF or connection reset). {@link #delay(Duration)} may be
   * added to drop the connection later.
   *
   * @return a response that drops the connection instead of answering
   */
  public static Response dropConnection() {
    return new Response(Kind.DROP, 0, "", new byte[0], List.of(), Duration.ZERO);
  }

  /**
   * Reads and records the request, then never answers; the connection stays open until the
   * collector is {@linkplain FakeCollector#stop() stopped} or closed, which closes it. Use it with
   * a short client timeout to test timeouts.
   *
   * @return a response that never answers
   */
  public static Response noAnswer() {
    return new Response(Kind.NO_ANSWER, 0, "", new byte[0], List.of(), Duration.ZERO);
  }

  /**
   * This answer with {@code json} as its body, sent as UTF-8 with a fixed content length (a
   * 5&nbsp;MiB body is fine). An empty string sends no body. The text is not checked, so broken
   * JSON can be sent on purpose.
   *
   * @param json the body text, sent as is
   * @return a copy of this response with that body
   * @throws IllegalStateException on {@link #dropConnection()} and {@link #noAnswer()}
   */
  public Response body(String json) {
    Objects.requireNonNull(json, "json");
    requireAnswer("a body");
    return new Response(kind, code, json, json.getBytes(UTF_8), headers, delay);
  }

  /**
   * This answer with header {@code name} set to {@code value}, replacing an earlier value of the
   * same name (names are case-insensitive). Setting {@code content-type} replaces the default
   * {@code application/json}.
   *
   * @param name the header name
   * @param value the header value
   * @return a copy of this response with that header
   * @throws IllegalArgumentException when the name is blank or either contains CR or LF
   * @throws IllegalStateException on {@link #dropConnection()} and {@link #noAnswer()}
   */
  public Response header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    requireAnswer("headers");
    if (name.isBlank() || name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("header name must be non-blank, without CR/LF: " + name);
    }
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("header value must not contain CR/LF: " + name);
    }
    List<Map.Entry<String, String>> copy = new ArrayList<>(headers);
    copy.removeIf(e -> e.getKey().equalsIgnoreCase(name));
    copy.add(Map.entry(name, value));
    return new Response(kind, code, body, bodyBytes, List.copyOf(copy), delay);
  }

  /**
   * This answer with a {@code Retry-After} header, in seconds ({@code "2"}) or as an HTTP date
   * ({@code "Wed, 21 Oct 2026 07:28:00 GMT"}); the value is sent as given, so invalid values can be
   * tested too.
   *
   * @param value the header value, sent as given
   * @return a copy of this response with that header
   */
  public Response retryAfter(String value) {
    return header("Retry-After", value);
  }

  /**
   * This response, given {@code d} after the request was recorded (an answer, or a dropped
   * connection). The wait holds no thread, and {@link FakeCollector#stop()} ends it by closing the
   * connection. Default zero.
   *
   * @param d how long to wait before answering or dropping; zero or more
   * @return a copy of this response, delayed by {@code d}
   * @throws IllegalArgumentException when {@code d} is negative
   * @throws IllegalStateException on {@link #noAnswer()}, which never answers anyway
   */
  public Response delay(Duration d) {
    Objects.requireNonNull(d, "d");
    if (d.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + d);
    }
    if (kind == Kind.NO_ANSWER) {
      throw new IllegalStateException("noAnswer() never answers, so it takes no delay");
    }
    return new Response(kind, code, body, bodyBytes, headers, d);
  }

  private void requireAnswer(String what) {
    if (kind != Kind.ANSWER) {
      throw new IllegalStateException(
          kind.name().toLowerCase(Locale.ROOT) + " sends no HTTP answer, so it takes no " + what);
    }
  }

  Kind kind() {
    return kind;
  }

  int code() {
    return code;
  }

  byte[] bodyBytes() {
    return bodyBytes;
  }

  List<Map.Entry<String, String>> headers() {
    return headers;
  }

  Duration delayTime() {
    return delay;
  }

  /** For test output, for example {@code 503 [Retry-After: 2] {"message":"status 503"}}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    switch (kind) {
      case DROP -> sb.append("dropConnection");
      case NO_ANSWER -> sb.append("noAnswer");
      default -> {
        sb.append(code);
        for (Map.Entry<String, String> h : headers) {
          sb.append(" [").append(h.getKey()).append(": ").append(h.getValue()).append(']');
        }
        sb.append(' ').append(Printable.abbreviate(body));
      }
    }
    if (!delay.isZero()) {
      sb.append(" after ").append(delay);
    }
    return sb.toString();
  }
}
