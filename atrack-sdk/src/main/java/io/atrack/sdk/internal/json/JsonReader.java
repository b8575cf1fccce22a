package io.atrack.sdk.internal.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads back what {@link JsonWriter} wrote, as plain JSON values. Internal: not API.
 *
 * <p>The SDK stores a user's attributes as they were sent, not as the caller's objects (which the
 * caller may change later, records and arrays included): it reads them back from the body bytes.
 * Objects become unmodifiable {@code LinkedHashMap}s in document order, arrays unmodifiable lists,
 * and numbers the narrowest of {@code Integer}, {@code Long}, {@code BigInteger} for integers; a
 * number with a fraction or exponent is a {@code Double} when the double's shortest text has the
 * same decimal value ({@code 0.1}, {@code 149.0}, {@code 1.0E10}), else a {@code BigDecimal}.
 *
 * <p>Input is trusted (the SDK's own output): malformed input fails with {@link
 * IllegalArgumentException}, without a position-by-position diagnosis.
 */
final class JsonReader {
  private final byte[] in;
  private final int end;
  private int pos;

  private JsonReader(byte[] in, int from, int to) {
    this.in = in;
    this.pos = from;
    this.end = to;
  }

  /** The one JSON value in {@code json[from, to)}. */
  public static @Nullable Object read(byte[] json, int from, int to) {
    JsonReader r = new JsonReader(json, from, to);
    Object value = r.value(0);
    r.skipSpace();
    if (r.pos != r.end) {
      throw r.malformed("trailing bytes");
    }
    return value;
  }

  /** The JSON object in {@code json[from, to)}, as an unmodifiable map in document order. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> readObject(byte[] json, int from, int to) {
    Object value = read(json, from, to);
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return (Map<String, Object>) value;
  }

  private @Nullable Object value(int depth) {
    if (depth > ValueWriter.MAX_DEPTH + 1) {
      throw malformed("nested too deep");
    }
    skipSpace();
    if (pos >= end) {
      throw malformed("a value expected");
    }
    return switch (in[pos]) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> {
        literal("true");
        yield true;
      }
      case 'f' -> {
        literal("false");
        yield false;
      }
      case 'n' -> {
        literal("null");
        yield null;
      }
      default -> number();
    };
  }

  private Map<String, Object> object(int depth) {
    pos++; // {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      return Map.of();
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw malformed("a member name expected");
      }
      String name = string();
      skipSpace();
      expect(':');
      map.put(name, value(depth + 1));
      skipSpace();
      byte b = next();
      if (b == '}') {
        return Collections.unmodifiableMap(map);
      }
      if (b != ',') {
        throw malformed("',' or '}' expected");
      }
    }
  }

  private List<@Nullable Object> array(int depth) {
    pos++; // [
    List<@Nullable Object> list = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return List.of();
    }
    while (true) {
      list.add(value(depth + 1));
      skipSpace();
      byte b = next();
      if (b == ']') {
        return Collections.unmodifiableList(list);
      }
      if (b != ',') {
        throw malformed("',' or ']' expected");
      }
    }
  }

  private String string() {
    pos++; // "
    int start = pos;
    while (pos < end && in[pos] != '"' && in[pos] != '\\') {
      pos++;
    }
    if (pos < end && in[pos] == '"') {
      String plain = new String(in, start, pos - start, StandardCharsets.UTF_8);
      pos++;
      return plain;
    }
    // Escapes: decode what came so far, then char by char. Bytes >= 0x80 are whole UTF-8
    // sequences between escapes, decoded run by run.
    StringBuilder sb =
        new StringBuilder(new String(in, start, pos - start, StandardCharsets.UTF_8));
    while (true) {
      if (pos >= end) {
        throw malformed("unterminated string");
      }
      byte b = in[pos];
      if (b == '"') {
        pos++;
        return sb.toString();
      }
      if (b == '\\') {
        pos++;
        sb.append(escape());
        continue;
      }
      int run = pos;
      while (pos < end && in[pos] != '"' && in[pos] != '\\') {
        pos++;
      }
      sb.append(new String(in, run, pos - run, StandardCharsets.UTF_8));
    }
  }

  private char escape() {
    return switch (next()) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '/' -> '/';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> {
        if (end - pos < 4) {
          throw malformed("short \\u escape");
        }
        int c = 0;
        for (int i = 0; i < 4; i++) {
          c = (c << 4) | hex(in[pos++]);
        }
        yield (char) c;
      }
      default -> throw malformed("unknown escape");
    };
  }

  private int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    throw malformed("bad hex digit");
  }

  private Number number() {
    int start = pos;
    boolean integral = true;
    while (pos < end) {
      byte b = in[pos];
      if (b == '.' || b == 'e' || b == 'E') {
        integral = false;
      } else if (!(b == '-' || b == '+' || (b >= '0' && b <= '9'))) {
        break;
      }
      pos++;
    }
    if (pos == start) {
      throw malformed("unexpected byte");
    }
    String text = new String(in, start, pos - start, StandardCharsets.US_ASCII);
    try {
      return integral ? integer(text) : decimal(text);
    } catch (NumberFormatException e) {
      throw malformed("bad number");
    }
  }

  /** The narrowest of Integer, Long, BigInteger: what a JSON library reading it gives too. */
  static Number integer(String text) {
    if (text.length() <= 18) {
      long v = Long.parseLong(text);
      if (v == (int) v) {
        return Integer.valueOf((int) v); // not a ?: with Long, which would widen it to a Long
      }
      return Long.valueOf(v);
    }
    BigInteger big = new BigInteger(text);
    return big.bitLength() < 64 ? Long.valueOf(big.longValue()) : big;
  }

  /** A Double when a double holds this decimal value as written, else a BigDecimal. */
  static Number decimal(String text) {
    BigDecimal exact = new BigDecimal(text);
    double d = exact.doubleValue();
    if (Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(exact) == 0) {
      return Double.valueOf(d);
    }
    return exact;
  }

  private void literal(String word) {
    int n = word.length();
    if (end - pos < n) {
      throw malformed("bad literal");
    }
    for (int i = 0; i < n; i++) {
      if (in[pos + i] != word.charAt(i)) {
        throw malformed("bad literal");
      }
    }
    pos += n;
  }

  private void skipSpace() {
    while (pos < end) {
      byte b = in[pos];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return;
      }
      pos++;
    }
  }

  private byte peek() {
    if (pos >= end) {
      throw malformed("unexpected end");
    }
    return in[pos];
  }

  private byte next() {
    byte b = peek();
    pos++;
    return b;
  }

  private void expect(char c) {
    if (next() != c) {
      throw malformed("'" + c + "' expected");
    }
  }

  private IllegalArgumentException malformed(String what) {
    return new IllegalArgumentException("malformed JSON at byte " + pos + ": " + what);
  }
}
