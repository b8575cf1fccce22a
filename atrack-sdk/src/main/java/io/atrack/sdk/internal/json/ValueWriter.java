package io.atrack.sdk.internal.json;

import java.lang.reflect.InvocationTargetException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.RandomAccess;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Writes an arbitrary value for {@link JsonWriter#value(Object, String)}, without reflection except
 * for records.
 *
 * <table>
 *   <caption>How values are written</caption>
 *   <tr><td>null, {@code Optional.empty()}</td><td>{@code null}</td></tr>
 *   <tr><td>{@code String}, other {@code CharSequence}, {@code Character}, {@code char[]}</td>
 *       <td>a string</td></tr>
 *   <tr><td>{@code Boolean}, {@code AtomicBoolean}</td><td>{@code true}/{@code false}</td></tr>
 *   <tr><td>{@code Byte Short Integer Long AtomicInteger AtomicLong BigInteger}</td>
 *       <td>an integer</td></tr>
 *   <tr><td>{@code Float Double}</td><td>{@code Float/Double.toString}: {@code 149.0},
 *       {@code 1.0E10}; NaN and the infinities are rejected</td></tr>
 *   <tr><td>{@code BigDecimal}</td><td>its {@code toString()}: {@code 1.50}, {@code 1E+3}</td></tr>
 *   <tr><td>{@code Map} with {@code String} keys</td><td>an object, in iteration order; other
 *       keys are rejected</td></tr>
 *   <tr><td>{@code Iterable}, {@code Object[]}, primitive arrays</td><td>an array</td></tr>
 *   <tr><td>{@code byte[]}</td><td>rejected: Jackson would send Base64, a plain list of numbers
 *       is rarely meant; the caller picks and sends a string</td></tr>
 *   <tr><td>records</td><td>an object of their components, in declaration order</td></tr>
 *   <tr><td>enums</td><td>{@code name()}</td></tr>
 *   <tr><td>{@code UUID}, {@code java.time} values ({@code Instant LocalDate LocalDateTime
 *       OffsetDateTime ZonedDateTime Duration ZoneId...})</td><td>their ISO-8601 {@code
 *       toString()}; a {@code ZonedDateTime} keeps its {@code [Europe/Paris]} suffix</td></tr>
 *   <tr><td>{@code java.util.Date} (and {@code java.sql.Timestamp})</td><td>as JavaScript's
 *       {@code toISOString()}: {@code 2026-04-08T12:00:00.000Z}, milliseconds</td></tr>
 *   <tr><td>{@code Optional*}</td><td>their value</td></tr>
 * </table>
 *
 * <p>Anything else (including {@code java.nio.file.Path}, an {@code Iterable} of itself) is
 * rejected, as are cycles (a container met again inside itself, by identity) and nesting deeper
 * than {@value #MAX_DEPTH} containers. Exceptions thrown by the value's own code (an accessor, an
 * iterator) pass through unchanged.
 *
 * <p>One instance per {@link JsonWriter}, single-threaded. It keeps the path in arrays reused
 * through {@link Scratch} and renders it only for an error message.
 */
final class ValueWriter {
  /** The deepest nesting of containers accepted below the path given. */
  static final int MAX_DEPTH = 64;

  private static final String SUPPORTED =
      "send String, Number, Boolean, null, Map, List, array, record, enum, UUID or java.time"
          + " values";

  /** The containers being written, outermost first, for cycle detection by identity. */
  private final @Nullable Object[] open;

  /** Per open container: the key of the member being written, or null for an index. */
  private final @Nullable String[] keys;

  /** Per open container: the index of the element being written, or -1 for none yet. */
  private final int[] indexes;

  private int depth;
  private String root = "";

  /** Uses, and on first use creates, the path arrays in a {@link Scratch} set. */
  ValueWriter(@Nullable Object[] scratch) {
    if (scratch[Scratch.OPEN] == null) {
      scratch[Scratch.OPEN] = new Object[MAX_DEPTH];
      scratch[Scratch.KEYS] = new String[MAX_DEPTH];
      scratch[Scratch.INDEXES] = new int[MAX_DEPTH];
    }
    open = (Object[]) scratch[Scratch.OPEN];
    keys = (String[]) scratch[Scratch.KEYS];
    indexes = (int[]) scratch[Scratch.INDEXES];
  }

  void write(JsonWriter writer, @Nullable Object value, String path) {
    root = path;
    depth = 0;
    try {
      value(writer, value);
    } catch (JsonLimitException e) {
      JsonLimitException located = new JsonLimitException(e.maxBytes(), path());
      located.initCause(e);
      throw located;
    } finally {
      for (int i = 0; i < depth; i++) {
        open[i] = null;
        keys[i] = null;
      }
      depth = 0;
      root = "";
    }
  }

  private void value(JsonWriter w, @Nullable Object v) {
    if (v == null) {
      w.nullValue();
    } else if (v instanceof String s) {
      w.value(s);
    } else if (v instanceof Boolean b) {
      w.value(b.booleanValue());
    } else if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte) {
      w.value(((Number) v).longValue());
    } else if (v instanceof Double d) {
      finiteDouble(w, d);
    } else if (v instanceof Map<?, ?> m) {
      map(w, m);
    } else if (v instanceof Collection<?> c) {
      iterable(w, c);
    } else {
      other(w, v);
    }
  }

  private void other(JsonWriter w, Object v) {
    if (v instanceof Float boxed) {
      float f = boxed;
      if (!Float.isFinite(f)) {
        throw nonFinite(f);
      }
      w.finiteFloat(f);
    } else if (v instanceof BigDecimal || v instanceof BigInteger) {
      w.rawNumber(v.toString());
    } else if (v instanceof AtomicInteger a) {
      w.value(a.get());
    } else if (v instanceof AtomicLong a) {
      w.value(a.get());
    } else if (v instanceof AtomicBoolean a) {
      w.value(a.get());
    } else if (v instanceof CharSequence) {
      w.value(v.toString());
    } else if (v instanceof Character c) {
      w.value(String.valueOf(c.charValue()));
    } else if (v instanceof Enum<?> e) {
      w.value(e.name());
    } else if (v instanceof UUID) {
      w.value(v.toString());
    } else if (v instanceof Record r) {
      record(w, r);
    } else if (v.getClass().isArray()) {
      array(w, v);
    } else if (v instanceof Optional<?> o) {
      optional(w, o);
    } else if (v instanceof Date date) {
      date(w, date);
    } else if (isJavaTime(v)) {
      w.value(v.toString());
    } else if (v instanceof OptionalInt
        || v instanceof OptionalLong
        || v instanceof OptionalDouble) {
      primitiveOptional(w, v);
    } else if (v instanceof Iterable<?> iterable && !(v instanceof Path)) {
      iterable(w, iterable);
    } else {
      throw invalid("unsupported type " + v.getClass().getName() + "; " + SUPPORTED);
    }
  }

  private void map(JsonWriter w, Map<?, ?> map) {
    int d = push(map);
    w.beginObject();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object key = entry.getKey();
      if (!(key instanceof String name)) {
        throw invalid(
            "map keys must be String, found " + (key == null ? "null" : key.getClass().getName()));
      }
      keys[d] = name;
      w.name(name);
      value(w, entry.getValue());
    }
    w.endObject();
    pop(d);
  }

  private void iterable(JsonWriter w, Iterable<?> iterable) {
    int d = push(iterable);
    w.beginArray();
    if (iterable instanceof List<?> list && iterable instanceof RandomAccess) {
      for (int i = 0, n = list.size(); i < n; i++) {
        indexes[d] = i;
        value(w, list.get(i));
      }
    } else {
      Iterator<?> it = iterable.iterator();
      for (int i = 0; it.hasNext(); i++) {
        indexes[d] = i;
        value(w, it.next());
      }
    }
    w.endArray();
    pop(d);
  }

  private void record(JsonWriter w, Record record) {
    RecordShape shape = RecordShape.of(record.getClass());
    int d = push(record);
    w.beginObject();
    for (int i = 0, n = shape.size(); i < n; i++) {
      keys[d] = shape.name(i);
      w.name(shape.key(i));
      value(w, component(record, shape, i));
    }
    w.endObject();
    pop(d);
  }

  private @Nullable Object component(Record record, RecordShape shape, int i) {
    try {
      return shape.accessor(i).invoke(record);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw invalid("reading the record component failed: " + cause, e);
    } catch (IllegalAccessException | RuntimeException e) {
      throw invalid(
          "cannot read record component "
              + shape.name(i)
              + " of "
              + record.getClass().getName()
              + " ("
              + e
              + "); make the record public or open its package",
          e);
    }
  }

  private void array(JsonWriter w, Object array) {
    Class<?> type = array.getClass().getComponentType();
    if (type == byte.class) {
      throw invalid("byte[] is not supported; send it as a String (Base64, for example)");
    }
    if (type == char.class) {
      w.value(new String((char[]) array));
      return;
    }
    int d = push(array);
    w.beginArray();
    if (!type.isPrimitive()) {
      Object[] elements = (Object[]) array;
      for (int i = 0; i < elements.length; i++) {
        indexes[d] = i;
        value(w, elements[i]);
      }
    } else if (type == int.class) {
      for (int e : (int[]) array) {
        w.value(e);
      }
    } else if (type == long.class) {
      for (long e : (long[]) array) {
        w.value(e);
      }
    } else if (type == short.class) {
      for (short e : (short[]) array) {
        w.value(e);
      }
    } else if (type == boolean.class) {
      for (boolean e : (boolean[]) array) {
        w.value(e);
      }
    } else if (type == double.class) {
      double[] elements = (double[]) array;
      for (int i = 0; i < elements.length; i++) {
        indexes[d] = i;
        finiteDouble(w, elements[i]);
      }
    } else {
      float[] elements = (float[]) array;
      for (int i = 0; i < elements.length; i++) {
        indexes[d] = i;
        if (!Float.isFinite(elements[i])) {
          throw nonFinite(elements[i]);
        }
        w.finiteFloat(elements[i]);
      }
    }
    w.endArray();
    pop(d);
  }

  private void primitiveOptional(JsonWriter w, Object v) {
    if (v instanceof OptionalInt o) {
      if (o.isPresent()) {
        w.value(o.getAsInt());
        return;
      }
    } else if (v instanceof OptionalLong o) {
      if (o.isPresent()) {
        w.value(o.getAsLong());
        return;
      }
    } else {
      OptionalDouble o = (OptionalDouble) v;
      if (o.isPresent()) {
        finiteDouble(w, o.getAsDouble());
        return;
      }
    }
    w.nullValue();
  }

  @SuppressWarnings("JavaUtilDate") // Date is a supported attribute type: callers still pass it.
  private void date(JsonWriter w, Date date) {
    String iso;
    try {
      iso = IsoTimestamps.isoMillis(date.getTime());
    } catch (IllegalArgumentException e) {
      throw invalid(String.valueOf(e.getMessage()), e);
    }
    w.value(iso);
  }

  private void finiteDouble(JsonWriter w, double d) {
    if (!Double.isFinite(d)) {
      throw nonFinite(d);
    }
    w.value(d);
  }

  private static boolean isJavaTime(Object v) {
    // Only the JDK's own ISO types: a chrono date (HijrahDate) or a third-party temporal has a
    // toString that is not ISO-8601.
    return (v instanceof TemporalAccessor || v instanceof TemporalAmount || v instanceof ZoneId)
        && v.getClass().getPackageName().equals("java.time");
  }

  /**
   * An {@code Optional} writes as its value, but nests like a container: each level counts toward
   * {@value #MAX_DEPTH}, or {@code Optional.of(Optional.of(…))} a million deep would overflow the
   * stack. Its level carries no key or index, so the path names the member that holds it.
   */
  private void optional(JsonWriter w, Optional<?> o) {
    int d = push(o);
    try {
      value(w, o.orElse(null));
    } finally {
      pop(d);
    }
  }

  /** Enters a container: checks for a cycle and the depth, and returns its level. */
  private int push(Object container) {
    for (int i = 0; i < depth; i++) {
      if (open[i] == container) {
        throw invalid("cycle detected: the value refers back to itself");
      }
    }
    if (depth == MAX_DEPTH) {
      throw invalid("nested deeper than " + MAX_DEPTH + " levels");
    }
    int d = depth++;
    open[d] = container;
    keys[d] = null;
    indexes[d] = -1;
    return d;
  }

  private void pop(int d) {
    open[d] = null;
    keys[d] = null;
    depth = d;
  }

  private IllegalArgumentException nonFinite(double d) {
    String what = Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
    return invalid(what + " cannot be sent as JSON");
  }

  private IllegalArgumentException invalid(String problem) {
    return invalid(problem, null);
  }

  private IllegalArgumentException invalid(String problem, @Nullable Throwable cause) {
    String path = path();
    return new IllegalArgumentException(path.isEmpty() ? problem : path + ": " + problem, cause);
  }

  /** Where the value being written sits: {@code attributes.items[2].price}. */
  private String path() {
    StringBuilder sb = new StringBuilder(root);
    for (int i = 0; i < depth; i++) {
      String key = keys[i];
      if (key != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(key);
      } else if (indexes[i] >= 0) {
        sb.append('[').append(indexes[i]).append(']');
      }
    }
    return sb.toString();
  }
}
