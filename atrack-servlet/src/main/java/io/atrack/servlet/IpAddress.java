package io.atrack.servlet;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A numeric IPv4 or IPv6 address, parsed by hand so that no text ever reaches a DNS lookup ({@code
 * InetAddress.getByName} resolves anything that is not a literal). IPv4-mapped IPv6 addresses
 * ({@code ::ffff:192.0.2.1}) are taken as the IPv4 address; an IPv6 zone ({@code %eth0}) is
 * dropped. Immutable.
 */
final class IpAddress {
  private final byte[] bytes; // 4 or 16

  private IpAddress(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Parses a literal, with or without brackets around an IPv6 address; null if it is not one. */
  static @Nullable IpAddress parse(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    if (s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
      s = s.substring(1, s.length() - 1);
    }
    if (s.isEmpty() || s.length() > 64) {
      return null;
    }
    if (s.indexOf(':') < 0) {
      byte[] v4 = parseIpv4(s, 0, s.length());
      return v4 == null ? null : new IpAddress(v4);
    }
    int zone = s.indexOf('%');
    if (zone >= 0) {
      s = s.substring(0, zone);
    }
    byte[] v6 = parseIpv6(s);
    if (v6 == null) {
      return null;
    }
    if (isIpv4Mapped(v6)) {
      return new IpAddress(Arrays.copyOfRange(v6, 12, 16));
    }
    return new IpAddress(v6);
  }

  boolean isIpv4() {
    return bytes.length == 4;
  }

  /** The address's bytes: 4 or 16. A copy. */
  byte[] bytes() {
    return bytes.clone();
  }

  /** Whether the first {@code prefix} bits equal {@code network}'s (of the same family). */
  boolean matches(byte[] network, int prefix) {
    if (network.length != bytes.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (bytes[full] & mask) == (network[full] & mask);
  }

  /** The address with the last IPv4 octet, or the last 80 IPv6 bits, set to zero. */
  IpAddress anonymized() {
    byte[] b = bytes.clone();
    int keep = isIpv4() ? 3 : 6;
    Arrays.fill(b, keep, b.length, (byte) 0);
    return new IpAddress(b);
  }

  /** Dotted decimal, or RFC 5952 text (lower case, the longest run of zero groups as ::). */
  @Override
  public String toString() {
    if (isIpv4()) {
      return (bytes[0] & 0xff)
          + "."
          + (bytes[1] & 0xff)
          + "."
          + (bytes[2] & 0xff)
          + "."
          + (bytes[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is not compressed
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** An ASCII hex digit's value, or -1 (Character.digit would take other scripts' digits). */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static boolean isIpv4Mapped(byte[] v6) {
    for (int i = 0; i < 10; i++) {
      if (v6[i] != 0) {
        return false;
      }
    }
    return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
  }

  /** Four decimal octets 0-255, no leading zeros (which some parsers read as octal). */
  private static byte @Nullable [] parseIpv4(String s, int from, int to) {
    byte[] out = new byte[4];
    int part = 0;
    int i = from;
    while (part < 4) {
      int start = i;
      int value = 0;
      while (i < to && i - start < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return null;
      }
      out[part++] = (byte) value;
      if (part < 4) {
        if (i >= to || s.charAt(i) != '.') {
          return null;
        }
        i++;
      }
    }
    return i == to ? out : null;
  }

  private static byte @Nullable [] parseIpv6(String s) {
    int[] groups = new int[8];
    int count = 0;
    int compressAt = -1;
    int i = 0;
    int n = s.length();
    if (s.startsWith("::")) {
      compressAt = 0;
      i = 2;
      if (i == n) {
        return new byte[16];
      }
    } else if (s.startsWith(":")) {
      return null;
    }
    while (i < n) {
      if (count >= 8) {
        return null;
      }
      int start = i;
      int value = 0;
      while (i < n && i - start < 4 && hex(s.charAt(i)) >= 0) {
        value = (value << 4) | hex(s.charAt(i));
        i++;
      }
      if (i < n && s.charAt(i) == '.') {
        // An embedded IPv4 address ends the address and takes two groups.
        if (count > 6) {
          return null;
        }
        byte[] v4 = parseIpv4(s, start, n);
        if (v4 == null) {
          return null;
        }
        groups[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        groups[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        i = n;
        break;
      }
      if (i == start) {
        return null;
      }
      groups[count++] = value;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < n && s.charAt(i) == ':') {
        if (compressAt >= 0) {
          return null;
        }
        compressAt = count;
        i++;
        if (i == n) {
          break;
        }
      } else if (i == n) {
        return null; // a trailing single colon
      }
    }
    if (compressAt < 0 ? count != 8 : count > 7) {
      return null;
    }
    byte[] out = new byte[16];
    int zeros = 8 - count;
    int g = 0;
    for (int k = 0; k < 8; k++) {
      int value;
      if (compressAt >= 0 && k >= compressAt && k < compressAt + zeros) {
        value = 0;
      } else {
        value = groups[g++];
      }
      out[2 * k] = (byte) (value >> 8);
      out[2 * k + 1] = (byte) value;
    }
    return out;
  }
}
