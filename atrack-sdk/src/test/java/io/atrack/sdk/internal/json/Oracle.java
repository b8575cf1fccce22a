package io.atrack.sdk.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Our writer on one side, Jackson (the reference, test scope only) on the other.
 *
 * <p>Jackson 2's default writes a character outside the BMP (an emoji) as two {@code \}{@code
 * uXXXX} escapes, one per surrogate; we write its four UTF-8 bytes, as {@code JSON.stringify} plus
 * UTF-8 encoding does in Node.js. Both parse to the same string. The reference therefore enables
 * {@link JsonWriteFeature#COMBINE_UNICODE_SURROGATES_IN_UTF8}, Jackson's switch for the same
 * output, and is otherwise left at its defaults.
 */
final class Oracle {
  /** Jackson with its defaults, except surrogate pairs written as 4-byte UTF-8. */
  static final ObjectMapper JACKSON =
      JsonMapper.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

  /** Jackson exactly as configured out of the box. */
  static final ObjectMapper JACKSON_DEFAULT = new ObjectMapper();

  /** Jackson writing {@code java.time} values as ISO-8601 strings. */
  static final ObjectMapper JACKSON_TIME =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Oracle() {}

  /** {@code value} written by our writer as a whole document, with a generous limit. */
  static byte[] ours(@Nullable Object value) {
    return ours(value, 1 << 24);
  }

  static byte[] ours(@Nullable Object value, int maxBytes) {
    JsonWriter w = JsonWriter.create(maxBytes);
    w.value(value, "attributes");
    return w.toByteArray();
  }

  static String oursAsString(@Nullable Object value) {
    return new String(ours(value), StandardCharsets.UTF_8);
  }

  static byte[] jackson(@Nullable Object value) {
    try {
      return JACKSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError("Jackson cannot write " + value, e);
    }
  }

  static String jacksonAsString(@Nullable Object value) {
    return new String(jackson(value), StandardCharsets.UTF_8);
  }

  /** Parses with Jackson: what a receiver sees. */
  static JsonNode tree(byte[] json) {
    try {
      return JACKSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "not valid JSON: " + new String(json, StandardCharsets.UTF_8), e);
    }
  }
}
