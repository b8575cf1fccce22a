package io.atrack.sdk.internal.json;

import java.nio.charset.StandardCharsets;

/**
 * Formats instants as JavaScript's {@code Date.prototype.toISOString()} does: UTC, always three
 * fraction digits and {@code Z}, as in {@code 2026-04-08T12:00:00.000Z}.
 *
 * <p>Internal: not API, may change without notice.
 *
 * <p>Years 0000 to 9999 have four digits. Outside them the year is written as JavaScript writes it,
 * with a sign and six digits: {@code +010000-01-01T00:00:00.000Z}, {@code
 * -000001-01-01T00:00:00.000Z}. Instants beyond JavaScript's range (±8.64e15 ms, about ±273,000
 * years from 1970) are rejected, as {@code toISOString()} rejects them.
 *
 * <p>Thread-safe; allocates only the result.
 */
public final class IsoTimestamps {
  /** The largest distance from the epoch a JavaScript {@code Date} can hold, in milliseconds. */
  static final long JS_MAX_MILLIS = 8_640_000_000_000_000L;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** The most bytes {@link #write} writes. */
  static final int MAX_LENGTH = 27;

  /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the four-digit years. */
  private static final long FOUR_DIGITS_FROM = -62_167_219_200_000L;

  private static final long FOUR_DIGITS_UNTIL = 253_402_300_800_000L;

  /** Days from 0000-03-01 to 1970-01-01, in the proleptic Gregorian calendar. */
  private static final long DAYS_0000_03_01_TO_EPOCH = 719_468L;

  private static final long DAYS_PER_400_YEARS = 146_097L;

  private IsoTimestamps() {}

  /**
   * {@code epochMillis} as {@code yyyy-MM-ddTHH:mm:ss.SSSZ} in UTC.
   *
   * @throws IllegalArgumentException if it lies beyond ±8.64e15 ms, as for JavaScript
   */
  public static String isoMillis(long epochMillis) {
    byte[] b = new byte[MAX_LENGTH];
    int end = write(epochMillis, b, 0);
    return new String(b, 0, end, StandardCharsets.ISO_8859_1);
  }

  /**
   * Writes {@link #isoMillis}'s text as ASCII bytes into {@code b} at {@code pos}, with no
   * intermediate String, and returns the position after it: 24 bytes for the years 0000 to 9999, 27
   * outside.
   *
   * @throws IllegalArgumentException outside JavaScript's date range
   */
  static int write(long epochMillis, byte[] b, int pos) {
    if (epochMillis > JS_MAX_MILLIS || epochMillis < -JS_MAX_MILLIS) {
      throw new IllegalArgumentException(
          "timestamp out of range: "
              + epochMillis
              + " ms from the epoch; JavaScript dates reach ±"
              + JS_MAX_MILLIS);
    }
    long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);

    // Civil date from a day count (Howard Hinnant's days_from_civil, inverted): years start on
    // 1 March, so the leap day is the last day of a year and months have a regular pattern.
    long z = days + DAYS_0000_03_01_TO_EPOCH;
    long era = Math.floorDiv(z, DAYS_PER_400_YEARS);
    int dayOfEra = (int) (z - era * DAYS_PER_400_YEARS); // [0, 146096]
    int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100); // [0, 365]
    int mp = (5 * dayOfYear + 2) / 153; // [0, 11], March = 0
    int day = dayOfYear - (153 * mp + 2) / 5 + 1;
    int month = mp < 10 ? mp + 3 : mp - 9;
    long year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0);

    boolean fourDigits = year >= 0 && year <= 9999;
    int p;
    if (fourDigits) {
      p = digits(b, pos, (int) year, 4);
    } else {
      b[pos] = (byte) (year < 0 ? '-' : '+');
      p = digits(b, pos + 1, (int) Math.abs(year), 6);
    }
    b[p++] = '-';
    p = digits(b, p, month, 2);
    b[p++] = '-';
    p = digits(b, p, day, 2);
    b[p++] = 'T';
    p = digits(b, p, millisOfDay / 3_600_000, 2);
    b[p++] = ':';
    p = digits(b, p, millisOfDay / 60_000 % 60, 2);
    b[p++] = ':';
    p = digits(b, p, millisOfDay / 1000 % 60, 2);
    b[p++] = '.';
    p = digits(b, p, millisOfDay % 1000, 3);
    b[p++] = 'Z';
    return p;
  }

  /** How many bytes {@link #write} writes for {@code epochMillis}: 24, or 27 outside 0000-9999. */
  static int length(long epochMillis) {
    return epochMillis >= FOUR_DIGITS_FROM && epochMillis < FOUR_DIGITS_UNTIL ? 24 : 27;
  }

  /** Writes {@code value} as exactly {@code width} digits, zero-padded. */
  private static int digits(byte[] b, int pos, int value, int width) {
    for (int i = pos + width - 1; i >= pos; i--) {
      b[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return pos + width;
  }
}
