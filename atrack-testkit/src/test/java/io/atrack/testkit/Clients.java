package io.atrack.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The clients the tests talk to the collector with: the JDK's HttpClient and raw sockets. */
final class Clients {
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private Clients() {}

  static HttpRequest post(FakeCollector collector, String path, String json) {
    return HttpRequest.newBuilder(URI.create(collector.baseUrl() + path))
        .header("x-a-track-key", "pub_test_key_1234")
        .header("content-type", "application/json")
        .header("user-agent", "a-track-java/0.1.0")
        .timeout(Duration.ofSeconds(5))
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  static HttpResponse<String> send(HttpRequest request) {
    return send(HTTP, request);
  }

  static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static HttpResponse<String> post(FakeCollector collector, String path) {
    return send(post(collector, path, "{}"));
  }

  static CompletableFuture<HttpResponse<String>> postAsync(FakeCollector collector, String path) {
    return HTTP.sendAsync(post(collector, path, "{}"), HttpResponse.BodyHandlers.ofString());
  }
}
