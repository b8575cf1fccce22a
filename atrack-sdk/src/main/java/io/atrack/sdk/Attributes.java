package io.atrack.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Deep, unmodifiable copies of attribute maps, so a caller's later changes never show. */
final class Attributes {
  private static final int MAX_DEPTH = 64;

  private Attributes() {}

  static Map<String, Object> copy(@Nullable Map<?, ?> attributes, String path) {
    if (attributes == null || attributes.isEmpty()) {
      return Map.of();
    }
    return copyMap(attributes, path, 0);
  }

  /**
   * A shallow, unmodifiable copy for a request value: the body is serialised from it at the call,
   * so nested values need no copy here.
   */
  static Map<String, Object> snapshot(Map<String, ?> attributes, String what) {
    Validation.requireNonNull(attributes, what);
    return attributes.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<String, Object>(attributes));
  }

  private static Map<String, Object> copyMap(Map<?, ?> map, String path, int depth) {
    checkDepth(path, depth);
    Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 4 / 3 + 1));
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException(
            path
                + ": attribute keys must be strings, found "
                + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
      }
      copy.put(key, copyValue(e.getValue(), path + "." + key, depth + 1));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static @Nullable Object copyValue(@Nullable Object value, String path, int depth) {
    if (value instanceof Map<?, ?> map) {
      return copyMap(map, path, depth);
    }
    if (value instanceof Iterable<?> items) {
      checkDepth(path, depth);
      List<@Nullable Object> copy = new ArrayList<>();
      int i = 0;
      for (Object item : items) {
        copy.add(copyValue(item, path + "[" + i++ + "]", depth + 1));
      }
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Object[] array) {
      return copyValue(java.util.Arrays.asList(array), path, depth);
    }
    return value;
  }

  private static void checkDepth(String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          path + ": nested deeper than " + MAX_DEPTH + " levels (a cycle?)");
    }
  }
}
