package io.atrack.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackBuilder;
import io.atrack.sdk.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An A-Track Local on a free loopback port for one test, and the ways tests talk to it. */
final class Running implements AutoCloseable {
  static final String KEY = "pub_test_0123456789abcdef";

  /** Every field of a correct body, as the SDK writes them (checked by a test against the SDK). */
  static final String INIT =
      "{\"sdkVersion\":\"0.1.0\",\"uuid\":\"u1\",\"isNewUser\":true,\"mode\":\"merge\","
          + "\"context\":{},\"attributes\":{},\"profile\":{}}";

  static final String ATTRIBUTES =
      "{\"sdkVersion\":\"0.1.0\",\"uuid\":\"u1\",\"mode\":\"merge\","
          + "\"attributes\":{\"plan\":\"business\"},\"profile\":{}}";
  static final String EVENT =
      "{\"sdkVersion\":\"0.1.0\",\"uuid\":\"u1\",\"event\":\"invoice_paid\",\"attributes\":{},"
          + "\"timestamp\":\"2026-04-08T12:00:00.000Z\",\"context\":{},"
          + "\"eventId\":\"6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f\"}";

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  final LocalServer server;
  final Path dir;

  private Running(LocalServer server, Path dir) {
    this.server = server;
    this.dir = dir;
  }

  static Running start(Path dir) {
    return start(dir, false);
  }

  static Running start(Path dir, boolean strict) {
    Options options = Options.defaults().withPort(0).withDataDir(dir).withStrict(strict);
    return new Running(LocalServer.start(options), dir);
  }

  URI baseUrl() {
    return server.baseUrl();
  }

  /** The SDK pointed at the tool, retrying quickly so retry tests take milliseconds. */
  ATrackBuilder sdk() {
    return ATrack.builder()
        .publicKey(KEY)
        .baseUrl(baseUrl())
        .shutdownHook(false)
        .retryPolicy(
            RetryPolicy.builder()
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(20))
                .maxRetryAfter(Duration.ofSeconds(2))
                .build());
  }

  ATrack client() {
    return sdk().build();
  }

  /** POSTs {@code body} to {@code path} with the SDK's headers, overridden by {@code headers}. */
  HttpResponse<String> post(String path, String body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8));
    Map<String, String> all = new java.util.LinkedHashMap<>();
    all.put("x-a-track-key", KEY);
    all.put("content-type", "application/json");
    all.putAll(headers);
    all.forEach(
        (name, value) -> {
          if (value != null) {
            b.header(name, value);
          }
        });
    return send(b.build());
  }

  HttpResponse<String> post(String path, String body) {
    return post(path, body, Map.of());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  HttpResponse<String> api(String method, String path, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.ofString(body, UTF_8))
            .build());
  }

  JsonNode getJson(String path) {
    HttpResponse<String> r = api("GET", path, "");
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return json(r.body());
  }

  /** Every stored request, oldest first, read page by page. */
  List<JsonNode> allRequests() {
    List<JsonNode> newestFirst = new ArrayList<>();
    String before = "";
    for (int guard = 0; guard < 10_000; guard++) {
      JsonNode page = getJson("/api/requests?limit=1000" + before);
      if (page.isEmpty()) {
        break;
      }
      for (int i = page.size() - 1; i >= 0; i--) {
        newestFirst.add(page.get(i));
      }
      before = "&before=" + page.get(0).get("id").asLong();
    }
    java.util.Collections.reverse(newestFirst);
    return newestFirst;
  }

  /** The newest stored request. */
  JsonNode last() {
    JsonNode page = getJson("/api/requests?limit=1");
    if (page.isEmpty()) {
      throw new AssertionError("no request stored");
    }
    return page.get(0);
  }

  static JsonNode json(String text) {
    try {
      return LocalJson.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
