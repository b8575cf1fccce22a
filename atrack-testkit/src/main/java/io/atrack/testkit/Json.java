package io.atrack.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;

/** The one shared, thread-safe JSON mapper of the test kit. */
final class Json {
  /**
   * Strict on purpose: a duplicated key or trailing garbage in what the SDK sent is a bug the tests
   * should see, not something a lenient parser should smooth over.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}

  /** {@code {"message":"<text>"}}, escaped properly. */
  static String message(String text) {
    try {
      return MAPPER.writeValueAsString(Map.of("message", text));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a one-string JSON object", e);
    }
  }
}
