package io.atrack.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a user lives in Redis: one hash per user, one field per attribute.
 *
 * <pre>
 * atrack:{uuid}   n        → "3"                       the record itself, and a counter
 *                 a:plan   → "1:\"pro\""               attribute "plan", first set 1st, its JSON
 *                 a:seats  → "2:12"
 *                 a:tags   → "3:[\"a\",{\"b\":1.5}]"
 * </pre>
 *
 * <p>A field per attribute makes a merge of different keys by two machines at once lose neither:
 * the Lua script sets only the fields it names. The number before the colon is the order the key
 * was first set in (a hash keeps none), so the attributes read back in the order the user set them,
 * as with memory storage. The value is JSON, written and read by Jackson: types and values survive,
 * numbers included ({@link #value}).
 */
final class AttributeCodec {
  /** The hash field that marks the record and counts its attributes' order. */
  static final String RECORD_FIELD = "n";

  /** Every attribute's field starts with it, so no attribute name can clash with {@code n}. */
  static final String ATTRIBUTE_PREFIX = "a:";

  private final ObjectMapper mapper =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** {@code value} as JSON text. */
  String write(@Nullable Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "an attribute value cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The JSON text back as plain values. */
  @Nullable Object read(String json) {
    try {
      return value(mapper.readValue(json, Object.class));
    } catch (JsonProcessingException e) {
      throw new RedisStorageException("a stored attribute is not valid JSON", e);
    }
  }

  /**
   * The attributes of a hash as {@code HGETALL} returned it (field, value, field, value...), in the
   * order they were first set; null when the hash is empty (no record).
   */
  @Nullable Map<String, Object> attributes(List<?> flat) {
    if (flat.isEmpty()) {
      return null;
    }
    List<Entry> entries = new ArrayList<>(flat.size() / 2);
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      String field = String.valueOf(flat.get(i));
      if (field.startsWith(ATTRIBUTE_PREFIX)) {
        String stored = String.valueOf(flat.get(i + 1));
        int colon = stored.indexOf(':');
        long order = Long.parseLong(stored.substring(0, colon));
        entries.add(new Entry(order, field.substring(ATTRIBUTE_PREFIX.length()), stored, colon));
      }
    }
    entries.sort((a, b) -> Long.compare(a.order, b.order));
    Map<String, @Nullable Object> attributes = new LinkedHashMap<>();
    for (Entry e : entries) {
      attributes.put(e.name, read(e.stored.substring(e.colon + 1)));
    }
    return castNonNullValues(attributes);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castNonNullValues(Map<String, @Nullable Object> map) {
    return (Map<String, Object>) (Map<String, ?>) map;
  }

  /**
   * Jackson's plain values, with one change: a number with a fraction or exponent comes back a
   * {@code Double} when a double holds its value as written ({@code 0.1}, {@code 149.0}), else the
   * exact {@code BigDecimal}. That is the core's rule for the values it stores, so memory and Redis
   * storage give back equal values; integers are already {@code Integer}, {@code Long} or {@code
   * BigInteger}, the narrowest that holds them.
   */
  private static @Nullable Object value(@Nullable Object v) {
    if (v instanceof BigDecimal exact) {
      double d = exact.doubleValue();
      if (Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(exact) == 0) {
        return d;
      }
      return exact;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, @Nullable Object> copy = new LinkedHashMap<>();
      map.forEach((k, e) -> copy.put(String.valueOf(k), value(e)));
      return Collections.unmodifiableMap(copy);
    }
    if (v instanceof List<?> list) {
      List<@Nullable Object> copy = new ArrayList<>(list.size());
      for (Object e : list) {
        copy.add(value(e));
      }
      return Collections.unmodifiableList(copy);
    }
    return v;
  }

  private record Entry(long order, String name, String stored, int colon) {}
}
