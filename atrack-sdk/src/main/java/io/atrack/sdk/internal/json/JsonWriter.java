package io.atrack.sdk.internal.json;

import static io.atrack.sdk.internal.json.Scope.DANGLING_NAME;
import static io.atrack.sdk.internal.json.Scope.EMPTY_ARRAY;
import static io.atrack.sdk.internal.json.Scope.EMPTY_DOCUMENT;
import static io.atrack.sdk.internal.json.Scope.EMPTY_OBJECT;
import static io.atrack.sdk.internal.json.Scope.FINISHED;
import static io.atrack.sdk.internal.json.Scope.NONEMPTY_ARRAY;
import static io.atrack.sdk.internal.json.Scope.NONEMPTY_DOCUMENT;
import static io.atrack.sdk.internal.json.Scope.NONEMPTY_OBJECT;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Writes one JSON document as UTF-8 bytes: the SDK's request bodies.
 *
 * <p>Internal: not API, may change without notice.
 *
 * <pre>{@code
 * JsonWriter w = JsonWriter.create(64 * 1024);
 * w.beginObject();
 * w.name("sdkVersion").value("0.1.0");
 * w.name("isNewUser").value(true);
 * w.name("attributes").value(attributes, "attributes");   // any supported value, see below
 * w.endObject();
 * byte[] body = w.toByteArray();                          // {"sdkVersion":"0.1.0",...}
 * }</pre>
 *
 * <p>The writer places commas and colons itself. Strings are escaped as Jackson does by default,
 * only what JSON requires: {@code "}, {@code \} and control characters. Everything else, U+2028 and
 * U+2029 included, is written as UTF-8; an unpaired surrogate, which UTF-8 cannot carry, as a
 * {@code \}{@code uD8XX} escape (the class {@code Utf8} says why). {@link #value(Object, String)}
 * writes maps, lists, arrays, records and other common values (the class {@code ValueWriter} has
 * the full list).
 *
 * <p>Built for the caller's thread on the {@code track(...)} path: bytes go straight into a buffer
 * kept per thread and reused, so one document costs its final {@link #toByteArray()} copy and
 * little else. A writer is single-use and not thread-safe; create, fill and finish it on one
 * thread. Once it has thrown, or after {@link #toByteArray()}, every call fails with {@link
 * IllegalStateException}.
 *
 * <p>Throws {@link IllegalArgumentException} for values that cannot be sent (NaN, a cycle, an
 * unsupported type), {@link JsonLimitException} (also an {@code IllegalArgumentException}) as soon
 * as the document would pass {@code maxBytes}, and {@link IllegalStateException} for misuse (a
 * value where a name is expected, an unbalanced {@code end...}).
 */
public final class JsonWriter {
  /** The stack of a finished writer; never written to, as every state change rejects it. */
  private static final byte[] FINISHED_STACK = {FINISHED};

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] HEX = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

  /** Chars encoded between two limit checks in a long string. */
  private static final int SEGMENT = 1024;

  /** How far the buffer may grow past {@code maxBytes}: one string segment, worst case. */
  private static final int SLACK = (SEGMENT + 1) * Utf8.MAX_BYTES_PER_CHAR + 2;

  private static final int MAX_LIMIT = Integer.MAX_VALUE - 8 - SLACK;

  private final int maxBytes;

  /** The arrays checked out of {@link Scratch}; null once finished. */
  private @Nullable Object @Nullable [] scratch;

  private byte[] buf;
  private int count;

  /**
   * {@code min(buf.length, maxBytes)}, or -1 once finished: one comparison on the hot path checks
   * room, limit and state.
   */
  private int writable;

  private byte[] stack;
  private int depth;

  /** Created on the first {@link #value(Object, String)}. */
  private @Nullable ValueWriter values;

  private JsonWriter(int maxBytes, @Nullable Object[] scratch) {
    this.maxBytes = maxBytes;
    this.scratch = scratch;
    this.buf = (byte[]) scratch[Scratch.BUFFER];
    this.writable = Math.min(buf.length, maxBytes);
    this.stack = (byte[]) scratch[Scratch.STACK];
    this.stack[0] = EMPTY_DOCUMENT;
    this.depth = 1;
  }

  /**
   * Starts a document of at most {@code maxBytes} bytes of UTF-8.
   *
   * @throws IllegalArgumentException if {@code maxBytes} is not positive
   */
  public static JsonWriter create(int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    }
    return new JsonWriter(Math.min(maxBytes, MAX_LIMIT), Scratch.take());
  }

  /** Opens an object. */
  public JsonWriter beginObject() {
    return open(EMPTY_OBJECT, (byte) '{');
  }

  /** Closes the innermost object. */
  public JsonWriter endObject() {
    return close(EMPTY_OBJECT, NONEMPTY_OBJECT, (byte) '}');
  }

  /** Opens an array. */
  public JsonWriter beginArray() {
    return open(EMPTY_ARRAY, (byte) '[');
  }

  /** Closes the innermost array. */
  public JsonWriter endArray() {
    return close(EMPTY_ARRAY, NONEMPTY_ARRAY, (byte) ']');
  }

  /** Writes the name of the next object member, escaped like a string value. */
  public JsonWriter name(String name) {
    beforeName();
    writeString(name);
    reserve(1);
    buf[count++] = ':';
    return this;
  }

  /** Writes the name of the next object member from its {@linkplain JsonKey pre-encoded} form. */
  public JsonWriter name(JsonKey name) {
    beforeName();
    writeBytes(name.encoded());
    return this;
  }

  /** Writes a string, or {@code null} when {@code value} is null. */
  public JsonWriter value(@Nullable String value) {
    if (value == null) {
      return nullValue();
    }
    beforeValue();
    writeString(value);
    return this;
  }

  /**
   * Writes {@code epochMillis} as a string in JavaScript's {@code toISOString()} form ({@code
   * "2026-04-08T12:00:00.000Z"}), straight into the buffer: the event timestamp on the caller's
   * path costs no String.
   *
   * @throws IllegalArgumentException beyond JavaScript's date range
   */
  public JsonWriter valueIsoMillis(long epochMillis) {
    beforeValue();
    reserve(IsoTimestamps.length(epochMillis) + 2);
    byte[] b = buf;
    b[count++] = '"';
    count = IsoTimestamps.write(epochMillis, b, count);
    b[count++] = '"';
    return this;
  }

  /**
   * Writes the UUID with these bits as a string in its canonical lower-case form, as {@link
   * java.util.UUID#toString()} would, straight into the buffer.
   */
  public JsonWriter valueUuid(long mostSignificantBits, long leastSignificantBits) {
    beforeValue();
    reserve(38);
    byte[] b = buf;
    int p = count;
    b[p++] = '"';
    p = hex(b, p, mostSignificantBits >>> 32, 8);
    b[p++] = '-';
    p = hex(b, p, mostSignificantBits >>> 16, 4);
    b[p++] = '-';
    p = hex(b, p, mostSignificantBits, 4);
    b[p++] = '-';
    p = hex(b, p, leastSignificantBits >>> 48, 4);
    b[p++] = '-';
    p = hex(b, p, leastSignificantBits, 12);
    b[p++] = '"';
    count = p;
    return this;
  }

  private static int hex(byte[] b, int pos, long value, int digits) {
    for (int i = pos + digits - 1; i >= pos; i--) {
      b[i] = HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
    return pos + digits;
  }

  /**
   * Writes {@code json}, one complete JSON value that a {@link JsonWriter} wrote earlier, as it is:
   * for a part that repeats across documents (a request's context, sent with every event of the
   * request), encoded once. Not for untrusted bytes: they are not checked.
   */
  public JsonWriter rawValue(byte[] json) {
    beforeValue();
    writeBytes(json);
    return this;
  }

  /** Writes {@code true} or {@code false}. */
  public JsonWriter value(boolean value) {
    beforeValue();
    writeBytes(value ? TRUE : FALSE);
    return this;
  }

  /** Writes an integer. */
  public JsonWriter value(long value) {
    beforeValue();
    reserve(Numbers.size(value));
    count = Numbers.writeLong(value, buf, count);
    return this;
  }

  /**
   * Writes a finite number as {@link Double#toString(double)} does: {@code 149.0}, {@code 1.0E10}.
   *
   * @throws IllegalArgumentException for NaN and the infinities, which JSON cannot carry
   */
  public JsonWriter value(double value) {
    if (!Double.isFinite(value)) {
      throw fail(new IllegalArgumentException(nonFinite(value) + " cannot be sent as JSON"));
    }
    beforeValue();
    long whole = (long) value;
    if (whole == value
        && whole > -10_000_000L
        && whole < 10_000_000L
        && (whole != 0 || Double.doubleToRawLongBits(value) == 0L)) {
      // Double.toString writes these as "149.0"; skip its String. (-0.0 takes the slow path.)
      reserve(Numbers.size(whole) + 2);
      count = Numbers.writeLong(whole, buf, count);
      buf[count++] = '.';
      buf[count++] = '0';
    } else {
      writeAscii(Double.toString(value));
    }
    return this;
  }

  /** Writes {@code null}. */
  public JsonWriter nullValue() {
    beforeValue();
    writeBytes(NULL);
    return this;
  }

  /**
   * Writes any supported value: null, strings, numbers, booleans, maps with string keys, lists and
   * arrays, records, enums, {@code UUID}s, {@code Optional}s and {@code java.time} values, nested
   * to at most 64 levels. The class {@code ValueWriter} lists how each is written.
   *
   * @param path where {@code value} sits, such as {@code "attributes"}: error messages start with
   *     it and add the keys and indexes below ({@code attributes.items[2].price: NaN cannot be sent
   *     as JSON})
   * @throws IllegalArgumentException for an unsupported type, a map key that is not a {@code
   *     String}, NaN or an infinity, a cycle, nesting too deep, or a size over the limit
   */
  public JsonWriter value(@Nullable Object value, String path) {
    @Nullable Object[] s = scratch;
    if (s == null) {
      throw finished();
    }
    ValueWriter v = values;
    if (v == null) {
      v = new ValueWriter(s);
      values = v;
    }
    try {
      v.write(this, value, path);
    } catch (RuntimeException | Error e) {
      release();
      throw e;
    }
    return this;
  }

  /** How many bytes have been written so far. */
  public int size() {
    return count;
  }

  /**
   * Returns the finished document, one complete value, and releases the writer.
   *
   * @throws IllegalStateException if the document is incomplete or the writer already finished
   */
  public byte[] toByteArray() {
    if (stack[0] == FINISHED) {
      throw finished();
    }
    if (depth != 1 || stack[0] != NONEMPTY_DOCUMENT) {
      throw fail(new IllegalStateException("incomplete JSON document: close every object/array"));
    }
    byte[] result = Arrays.copyOf(buf, count);
    release();
    return result;
  }

  // ---- for ValueWriter ----

  /** Writes a float as {@link Float#toString(float)} does; the caller rejects non-finite values. */
  void finiteFloat(float value) {
    beforeValue();
    writeAscii(Float.toString(value));
  }

  /** Writes ASCII digits produced by {@code BigDecimal.toString()} and the like. */
  void rawNumber(String digits) {
    beforeValue();
    writeAscii(digits);
  }

  // ---- structure ----

  private JsonWriter open(byte state, byte bracket) {
    beforeValue();
    reserve(1);
    buf[count++] = bracket;
    if (depth == stack.length) {
      stack = Arrays.copyOf(stack, depth * 2);
      if (scratch != null) {
        scratch[Scratch.STACK] = stack;
      }
    }
    stack[depth++] = state;
    return this;
  }

  private JsonWriter close(byte empty, byte nonEmpty, byte bracket) {
    byte top = stack[depth - 1];
    if (top != empty && top != nonEmpty) {
      throw misuse(top, "end" + (empty == EMPTY_OBJECT ? "Object" : "Array") + "()");
    }
    reserve(1);
    buf[count++] = bracket;
    depth--;
    return this;
  }

  private void beforeName() {
    byte top = stack[depth - 1];
    if (top == NONEMPTY_OBJECT) {
      reserve(1);
      buf[count++] = ',';
    } else if (top != EMPTY_OBJECT) {
      throw misuse(top, "name()");
    }
    stack[depth - 1] = DANGLING_NAME;
  }

  private void beforeValue() {
    byte top = stack[depth - 1];
    switch (top) {
      case DANGLING_NAME -> stack[depth - 1] = NONEMPTY_OBJECT;
      case NONEMPTY_ARRAY -> {
        reserve(1);
        buf[count++] = ',';
      }
      case EMPTY_ARRAY -> stack[depth - 1] = NONEMPTY_ARRAY;
      case EMPTY_DOCUMENT -> stack[depth - 1] = NONEMPTY_DOCUMENT;
      default -> throw misuse(top, "a value");
    }
  }

  // ---- bytes ----

  private void writeString(String s) {
    int len = s.length();
    long atLeast = (long) count + len + 2; // one byte per char at least, and the quotes
    if (atLeast > maxBytes) {
      throw limitExceeded();
    }
    if (atLeast > writable) {
      grow((int) atLeast);
    }
    byte[] b = buf;
    b[count] = '"';
    int done = Utf8.copyPlainAscii(s, 0, b, count + 1);
    count += 1 + done;
    if (done < len) {
      writeEscaped(s, done);
    }
    reserve(1);
    buf[count++] = '"';
  }

  /** The rest of a string from {@code from}, in segments, checking the limit after each one. */
  private void writeEscaped(String s, int from) {
    int len = s.length();
    for (int i = from; i < len; ) {
      int end = Math.min(len, i + SEGMENT);
      if (end < len && Character.isHighSurrogate(s.charAt(end - 1))) {
        end++; // keep a surrogate pair together
      }
      // count <= maxBytes here, so this stays within maxBytes + SLACK.
      int worst = count + (end - i) * Utf8.MAX_BYTES_PER_CHAR;
      if (worst > buf.length) {
        grow(worst);
      }
      count = Utf8.encode(s, i, end, buf, count);
      if (count > maxBytes) {
        throw limitExceeded();
      }
      i = end;
    }
  }

  private void writeAscii(String s) {
    int len = s.length();
    reserve(len);
    byte[] b = buf;
    int pos = count;
    for (int i = 0; i < len; i++) {
      b[pos++] = (byte) s.charAt(i);
    }
    count = pos;
  }

  private void writeBytes(byte[] bytes) {
    reserve(bytes.length);
    System.arraycopy(bytes, 0, buf, count, bytes.length);
    count += bytes.length;
  }

  /** Makes room for exactly {@code n} more bytes, within the limit. */
  private void reserve(int n) {
    if (count + n > writable) {
      int needed = count + n;
      if (needed > maxBytes) {
        throw limitExceeded();
      }
      grow(needed);
    }
  }

  private void grow(int needed) {
    if (scratch == null) {
      throw finished();
    }
    int capacity = (int) Math.min(Math.max(buf.length * 2L, needed), (long) maxBytes + SLACK);
    buf = Arrays.copyOf(buf, capacity);
    scratch[Scratch.BUFFER] = buf;
    writable = Math.min(capacity, maxBytes);
  }

  // ---- end of life ----

  private void release() {
    @Nullable Object[] s = scratch;
    if (s == null) {
      return;
    }
    scratch = null;
    values = null;
    buf = EMPTY;
    writable = -1;
    stack = FINISHED_STACK;
    depth = 1;
    Scratch.giveBack(s);
  }

  private <T extends RuntimeException> T fail(T e) {
    release();
    return e;
  }

  private JsonLimitException limitExceeded() {
    return fail(new JsonLimitException(maxBytes, null));
  }

  private IllegalStateException misuse(byte state, String what) {
    if (state == FINISHED) {
      return finished();
    }
    return fail(new IllegalStateException(what + " is not allowed here; " + Scope.expected(state)));
  }

  private static IllegalStateException finished() {
    return new IllegalStateException(
        "this JsonWriter is finished (after toByteArray() or an error); create a new one");
  }

  private static String nonFinite(double value) {
    return Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  }
}
