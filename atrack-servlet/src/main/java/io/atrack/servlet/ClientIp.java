package io.atrack.servlet;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Finds the client's IP address: the socket peer's, unless the peer is a trusted proxy; only then
 * the right-most address of the forwarding chain that is not itself a trusted proxy. RFC 7239
 * {@code Forwarded} wins over {@code X-Forwarded-For} when both are present. A chain that cannot be
 * read (bad syntax, an {@code unknown} or obfuscated node where the client should be, too long)
 * gives the peer's address. Stateless; never throws on header content.
 */
final class ClientIp {
  /** Longer forwarding headers are not read: no real chain is this long. */
  static final int MAX_HEADER_CHARS = 8192;

  /** Most hops read from the chain. */
  static final int MAX_HOPS = 64;

  private final TrustedProxies trusted;
  private final boolean anonymize;

  ClientIp(TrustedProxies trusted, boolean anonymize) {
    this.trusted = trusted;
    this.anonymize = anonymize;
  }

  /**
   * The client's address as text, or the peer's text as given when it is not a numeric address (a
   * Unix socket), or null when there is none.
   */
  @Nullable String resolve(
      @Nullable String peerText,
      @Nullable Enumeration<String> forwarded,
      @Nullable Enumeration<String> forwardedFor) {
    IpAddress peer = IpAddress.parse(peerText);
    if (peer == null) {
      return peerText == null || peerText.isBlank() || anonymize ? null : peerText;
    }
    IpAddress client = peer;
    if (!trusted.isEmpty() && trusted.contains(peer)) {
      List<String> forwardedValues = values(forwarded);
      List<@Nullable IpAddress> chain;
      if (forwardedValues == null) {
        chain = null;
      } else if (!forwardedValues.isEmpty()) {
        chain = forwarded(forwardedValues);
      } else {
        List<String> xffValues = values(forwardedFor);
        chain = xffValues == null ? null : xForwardedFor(xffValues);
      }
      IpAddress fromChain = chain == null ? null : rightMostUntrusted(chain);
      if (fromChain != null) {
        client = fromChain;
      }
    }
    return (anonymize ? client.anonymized() : client).toString();
  }

  /** Walks from the right; null when the chain cannot name the client. */
  private @Nullable IpAddress rightMostUntrusted(List<@Nullable IpAddress> chain) {
    if (chain.isEmpty()) {
      return null;
    }
    for (int i = chain.size() - 1; i >= 0; i--) {
      IpAddress hop = chain.get(i);
      if (hop == null) {
        return null; // unknown or obfuscated where the client should be: cannot tell
      }
      if (!trusted.contains(hop)) {
        return hop;
      }
    }
    // Every hop is a trusted address: the client is one of our own machines, the left-most.
    return chain.get(0);
  }

  /** The header's values, in order; null when too long to read. */
  private static @Nullable List<String> values(@Nullable Enumeration<String> headers) {
    if (headers == null || !headers.hasMoreElements()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(2);
    int chars = 0;
    while (headers.hasMoreElements() && out.size() <= MAX_HOPS) {
      String v = headers.nextElement();
      if (v != null) {
        chars += v.length();
        out.add(v);
      }
    }
    if (chars > MAX_HEADER_CHARS || headers.hasMoreElements()) {
      return null;
    }
    return out;
  }

  /** X-Forwarded-For: comma-separated addresses, with an optional port; null when malformed. */
  static @Nullable List<@Nullable IpAddress> xForwardedFor(List<String> headers) {
    List<@Nullable IpAddress> chain = new ArrayList<>();
    for (String header : headers) {
      for (String part : header.split(",", -1)) {
        String entry = part.strip();
        if (entry.equalsIgnoreCase("unknown")) {
          chain.add(null);
          continue;
        }
        IpAddress address = addressWithOptionalPort(entry);
        if (address == null || chain.size() >= MAX_HOPS) {
          return null;
        }
        chain.add(address);
      }
    }
    return chain;
  }

  /**
   * RFC 7239 Forwarded: elements separated by commas, pairs by semicolons, values tokens or quoted
   * strings; the {@code for} parameter of each element, in order. Null when malformed.
   */
  static @Nullable List<@Nullable IpAddress> forwarded(List<String> headers) {
    List<@Nullable IpAddress> chain = new ArrayList<>();
    for (String header : headers) {
      ForwardedParser parser = new ForwardedParser(header);
      while (parser.hasMoreElements()) {
        String node = parser.nextElementFor();
        if (parser.failed() || chain.size() >= MAX_HOPS) {
          return null;
        }
        chain.add(node == null ? null : node(node));
        if (node != null && chain.get(chain.size() - 1) == null && !isNamelessNode(node)) {
          return null; // a "for" value that is neither an address nor unknown/obfuscated
        }
      }
      if (parser.failed()) {
        return null;
      }
    }
    return chain;
  }

  /** A node: {@code 192.0.2.1}, {@code 192.0.2.1:80}, {@code [2001:db8::1]:4711}, ... */
  private static @Nullable IpAddress node(String node) {
    if (isNamelessNode(node)) {
      return null;
    }
    return addressWithOptionalPort(node);
  }

  private static boolean isNamelessNode(String node) {
    String name = node;
    int colon = node.startsWith("[") ? -1 : node.indexOf(':');
    if (colon >= 0 && node.indexOf(':', colon + 1) < 0) {
      name = node.substring(0, colon);
    }
    return name.toLowerCase(Locale.ROOT).equals("unknown") || name.startsWith("_");
  }

  private static @Nullable IpAddress addressWithOptionalPort(String entry) {
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0) {
        return null;
      }
      String rest = entry.substring(close + 1);
      if (!rest.isEmpty() && !isPort(rest)) {
        return null;
      }
      return IpAddress.parse(entry.substring(1, close));
    }
    int colon = entry.indexOf(':');
    if (colon >= 0 && entry.indexOf(':', colon + 1) < 0) {
      // IPv4 with a port.
      if (!isPort(entry.substring(colon))) {
        return null;
      }
      IpAddress v4 = IpAddress.parse(entry.substring(0, colon));
      return v4 != null && v4.isIpv4() ? v4 : null;
    }
    return IpAddress.parse(entry); // IPv4, or IPv6 without brackets (then no port)
  }

  /** {@code :80}, or an obfuscated port {@code :_abc}. */
  private static boolean isPort(String s) {
    if (s.length() < 2 || s.charAt(0) != ':') {
      return false;
    }
    if (s.charAt(1) == '_') {
      return s.length() > 2;
    }
    if (s.length() > 6) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
