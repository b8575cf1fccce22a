package io.atrack.sdk.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestHeadTest {

  private static String encode(String uri, Map<String, String> headers) {
    URI target = URI.create(uri);
    return new String(
        RequestHead.encode(target, headers, Route.of(target)).bytes, StandardCharsets.UTF_8);
  }

  @Test
  void omitsDefaultPortFromHostAndKeepsPathAndQuery() {
    assertThat(encode("https://fra.api.a-track.io/event?x=%20y", Map.of()))
        .isEqualTo("POST /event?x=%20y HTTP/1.1\r\nhost: fra.api.a-track.io\r\n");
    assertThat(encode("http://Example.COM:80", Map.of()))
        .isEqualTo("POST / HTTP/1.1\r\nhost: example.com\r\n");
  }

  @Test
  void namesNonDefaultPortAndIpv6LiteralInHost() {
    assertThat(encode("http://[::1]:9000/collect/event", Map.of()))
        .isEqualTo("POST /collect/event HTTP/1.1\r\nhost: [::1]:9000\r\n");
    assertThat(encode("https://h:80/e", Map.of())).isEqualTo("POST /e HTTP/1.1\r\nhost: h:80\r\n");
  }

  @Test
  void dropsHeadersTheConnectionOwns() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "evil.example");
    headers.put("content-length", "999");
    headers.put("x-a", "1");
    headers.put("Connection", "close");

    assertThat(encode("http://h/e", headers))
        .isEqualTo("POST /e HTTP/1.1\r\nhost: h\r\nx-a: 1\r\n");
  }

  @Test
  void refusesHeaderNamesThatAreNotTokens() {
    assertThatThrownBy(() -> encode("http://h/e", Map.of("bad name", "v")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> encode("http://h/e", Map.of("x:y", "v")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesRelativeAndNonHttpUris() {
    assertThatThrownBy(() -> Route.key(URI.create("/event")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Route.key(URI.create("ftp://h/event")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
