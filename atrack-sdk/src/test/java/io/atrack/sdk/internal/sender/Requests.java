package io.atrack.sdk.internal.sender;

import io.atrack.sdk.transport.TransportRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Requests as the delivery engine makes them: one shared headers map, a JSON body. */
final class Requests {

  static final String KEY = "pub_secret_key_0123456789";

  static final Map<String, String> HEADERS = headers();

  private Requests() {}

  private static Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-a-track-key", KEY);
    headers.put("content-type", "application/json");
    headers.put("user-agent", "a-track-java/0.1.0-test");
    return headers;
  }

  static TransportRequest post(URI uri, String body) {
    return post(uri, body, Duration.ofSeconds(5));
  }

  static TransportRequest post(URI uri, String body, Duration timeout) {
    return TransportRequest.of(uri, HEADERS, body.getBytes(StandardCharsets.UTF_8), timeout);
  }
}
