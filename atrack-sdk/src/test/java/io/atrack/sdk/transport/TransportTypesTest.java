package io.atrack.sdk.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransportTypesTest {

  private static final String KEY = "pub_live_secret_0123456789";

  private static Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-a-track-key", KEY);
    headers.put("content-type", "application/json");
    return headers;
  }

  private static TransportRequest request(byte[] body) {
    return TransportRequest.of(
        URI.create("https://user:pw@fra.api.a-track.io/event?token=abc"),
        headers(),
        body,
        Duration.ofSeconds(3));
  }

  @Test
  void areFinalClassesThatCanGrow() {
    for (Class<?> type : new Class<?>[] {TransportRequest.class, TransportResponse.class}) {
      assertThat(type.isRecord()).as(type.getSimpleName()).isFalse();
      assertThat(Modifier.isFinal(type.getModifiers())).as(type.getSimpleName()).isTrue();
      assertThat(type.getConstructors()).as(type.getSimpleName()).isEmpty();
    }
  }

  @Test
  void requestToStringShowsNeitherKeyNorHeaderValuesNorBody() {
    String text = request("{\"secret\":1}".getBytes(StandardCharsets.UTF_8)).toString();

    assertThat(text)
        .contains("fra.api.a-track.io/event", "x-a-track-key", "content-type", "12 bytes")
        .doesNotContain(KEY, "pub_", "application/json", "secret", "pw", "token");
  }

  @Test
  void requestBodyCannotBeChangedThroughWhatItHandsOut() {
    byte[] given = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = headers();
    TransportRequest request =
        TransportRequest.of(
            URI.create("http://127.0.0.1/event"), headers, given, Duration.ofSeconds(1));
    given[2] = 'X';
    headers.put("x-a-track-key", "changed");
    request.body()[2] = 'Y';
    ByteBuffer view = request.bodyBuffer();

    assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    assertThat(request.bodyLength()).isEqualTo(7);
    assertThat(request.headers()).containsEntry("x-a-track-key", KEY);
    assertThat(view.isReadOnly()).isTrue();
    assertThat(view.remaining()).isEqualTo(7);
    assertThatThrownBy(() -> view.put(0, (byte) 'Z')).isInstanceOf(ReadOnlyBufferException.class);
    assertThatThrownBy(view::array).isInstanceOf(ReadOnlyBufferException.class);
    assertThatThrownBy(() -> request.headers().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void requestRefusesNonPositiveTimeout() {
    assertThatThrownBy(
            () ->
                TransportRequest.of(
                    URI.create("http://127.0.0.1/event"), Map.of(), new byte[0], Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
  }

  @Test
  void responseKeepsItsPartsAndTrimsLongBodies() {
    TransportResponse response =
        TransportResponse.of(429, "7", "x".repeat(TransportResponse.MAX_BODY_CHARS + 10));

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.retryAfter()).isEqualTo("7");
    assertThat(response.body()).hasSize(TransportResponse.MAX_BODY_CHARS);
    assertThat(TransportResponse.of(200)).isEqualTo(TransportResponse.of(200, null, null));
    assertThat(TransportResponse.of(503, null, "busy"))
        .isEqualTo(TransportResponse.of(503, null, "busy"))
        .hasSameHashCodeAs(TransportResponse.of(503, null, "busy"))
        .isNotEqualTo(TransportResponse.of(503, "1", "busy"));
    assertThat(TransportResponse.of(503, null, "secret message").toString())
        .contains("503")
        .doesNotContain("secret");
  }

  @Test
  void responseRefusesStatusOutsideHttp() {
    assertThatThrownBy(() -> TransportResponse.of(99)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TransportResponse.of(1000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
