package io.atrack.servlet;

import java.util.ArrayList;
import java.util.List;

/** The trusted proxy networks, parsed once when the filter is built. Immutable. */
final class TrustedProxies {
  private static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

  private final List<byte[]> networks;
  private final List<Integer> prefixes;

  private TrustedProxies(List<byte[]> networks, List<Integer> prefixes) {
    this.networks = networks;
    this.prefixes = prefixes;
  }

  static TrustedProxies none() {
    return NONE;
  }

  /**
   * Parses CIDRs such as {@code 10.0.0.0/8}, {@code 2001:db8::/32} or a single address ({@code
   * 192.0.2.7}, a /32 or /128). Numeric only: a host name is refused, never looked up.
   *
   * @throws IllegalArgumentException naming the first entry that is not a CIDR
   */
  static TrustedProxies parse(List<String> cidrs) {
    if (cidrs.isEmpty()) {
      return NONE;
    }
    List<byte[]> networks = new ArrayList<>(cidrs.size());
    List<Integer> prefixes = new ArrayList<>(cidrs.size());
    for (String cidr : cidrs) {
      if (cidr == null) {
        throw new NullPointerException("trustedProxies: a CIDR is null");
      }
      String text = cidr.strip();
      int slash = text.indexOf('/');
      IpAddress address = IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
      if (address == null) {
        throw bad(cidr, "not a numeric IPv4 or IPv6 address (host names are not looked up)");
      }
      int max = address.isIpv4() ? 32 : 128;
      int prefix = max;
      if (slash >= 0) {
        String bits = text.substring(slash + 1);
        if (bits.isEmpty()
            || bits.length() > 3
            || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw bad(cidr, "the prefix length after / is not a number");
        }
        prefix = Integer.parseInt(bits);
        if (prefix > max) {
          throw bad(cidr, "the prefix length is over " + max);
        }
      }
      networks.add(address.bytes());
      prefixes.add(prefix);
    }
    return new TrustedProxies(List.copyOf(networks), List.copyOf(prefixes));
  }

  boolean isEmpty() {
    return networks.isEmpty();
  }

  boolean contains(IpAddress address) {
    for (int i = 0; i < networks.size(); i++) {
      if (address.matches(networks.get(i), prefixes.get(i))) {
        return true;
      }
    }
    return false;
  }

  int size() {
    return networks.size();
  }

  private static IllegalArgumentException bad(String cidr, String why) {
    return new IllegalArgumentException(
        "trustedProxies: \""
            + cidr
            + "\" is not a CIDR such as 10.0.0.0/8 or 2001:db8::/32: "
            + why);
  }
}
