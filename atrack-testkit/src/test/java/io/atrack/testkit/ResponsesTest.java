package io.atrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponsesTest {
  final FakeCollector collector = FakeCollector.start();

  @AfterEach
  void close() {
    collector.close();
  }

  @Test
  void answersScriptedStatusesInOrderThenTheDefault() {
    collector.respond(503, 503, 200);

    assertThat(status("/event")).isEqualTo(503);
    assertThat(status("/event")).isEqualTo(503);
    assertThat(status("/event")).isEqualTo(200);
    HttpResponse<String> after = Clients.post(collector, "/event");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).isEqualTo("{\"ok\":true}");
  }

  @Test
  void errorStatusesCarryAJsonMessage() {
    collector.respond(400);

    HttpResponse<String> response = Clients.post(collector, "/event");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"message\":\"status 400\"}");
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
  }

  @Test
  void deliversScriptedHeadersBodiesAndRetryAfter() {
    collector.respond(
        Response.status(429).retryAfter("7").header("X-Trace", "t1"),
        Response.status(201).body("{\"id\":42}").header("content-type", "application/vnd+json"));

    HttpResponse<String> limited = Clients.post(collector, "/event");
    HttpResponse<String> created = Clients.post(collector, "/event");

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).hasValue("7");
    assertThat(limited.headers().firstValue("x-trace")).hasValue("t1");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).isEqualTo("{\"id\":42}");
    assertThat(created.headers().allValues("content-type")).containsExactly("application/vnd+json");
  }

  @Test
  void sendsNoBodyForNoContent() {
    collector.respond(204);

    HttpResponse<String> response = Clients.post(collector, "/event");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void asksTheResponderWhenTheScriptIsEmpty() {
    AtomicInteger calls = new AtomicInteger();
    collector.respond(202);
    collector.respondWith(r -> calls.incrementAndGet() % 2 == 1 ? Response.status(500) : null);

    assertThat(status("/event")).isEqualTo(202);
    assertThat(status("/event")).isEqualTo(500);
    assertThat(status("/event")).isEqualTo(200); // null: the default
    assertThat(calls).hasValue(2);
  }

  @Test
  void answersServerErrorWhenTheResponderThrows() {
    collector.respondWith(
        r -> {
          throw new IllegalStateException("boom");
        });

    HttpResponse<String> response = Clients.post(collector, "/event");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).contains("responder threw java.lang.IllegalStateException: boom");
  }

  @Test
  void replacesTheDefaultResponse() {
    collector.defaultResponse(Response.status(503).retryAfter("1"));

    assertThat(status("/init")).isEqualTo(503);
    assertThat(status("/init")).isEqualTo(503);
  }

  @Test
  void delaysTheAnswer() {
    Duration delay = Duration.ofMillis(300);
    collector.respond(Response.ok().delay(delay));

    long start = System.nanoTime();
    assertThat(status("/event")).isEqualTo(200);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(delay);
  }

  @Test
  void deliversAFiveMebibyteBodyWithAFixedLength() {
    String big = "{\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
    collector.respond(Response.status(200).body(big));

    HttpResponse<String> response = Clients.post(collector, "/init");

    assertThat(response.body()).isEqualTo(big);
    assertThat(response.headers().firstValue("content-length"))
        .hasValue(String.valueOf(big.length()));
  }

  @Test
  void rejectsInvalidResponsesAtOnce() {
    assertThatThrownBy(() -> Response.status(99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be in 200..599, was 99");
    assertThatThrownBy(() -> collector.respond(200, 600))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Response.ok().header("X-A", "1\r\nX-B: 2"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Response.ok().delay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Response.dropConnection().body("{}"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("drop sends no HTTP answer");
    assertThatThrownBy(() -> Response.noAnswer().delay(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
    // Nothing of the rejected script was kept.
    assertThat(status("/event")).isEqualTo(200);
  }

  @Test
  void isImmutableAndPrintable() {
    Response base = Response.status(503);
    Response withHeader = base.retryAfter("2").retryAfter("3");

    assertThat(base.toString()).isEqualTo("503 {\"message\":\"status 503\"}");
    assertThat(withHeader.toString())
        .isEqualTo("503 [Retry-After: 3] {\"message\":\"status 503\"}");
    assertThat(Response.dropConnection().delay(Duration.ofSeconds(1)))
        .hasToString("dropConnection after PT1S");
  }

  private int status(String path) {
    return Clients.post(collector, path).statusCode();
  }
}
