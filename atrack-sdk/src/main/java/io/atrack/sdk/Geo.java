package io.atrack.sdk;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The A-Track regions a client can send to. Geo {@code g} sends to {@code
 * https://g.api.a-track.io}.
 *
 * <p>These eleven values are the only ones accepted, so a geo can never change the host in any
 * other way: no dots, slashes, ports or user info can come in through it.
 */
public enum Geo {
  /** {@code nyc}: sends to {@code https://nyc.api.a-track.io}. */
  NYC,
  /** {@code sfo}: sends to {@code https://sfo.api.a-track.io}. */
  SFO,
  /** {@code ams}: sends to {@code https://ams.api.a-track.io}. */
  AMS,
  /** {@code sgp}: sends to {@code https://sgp.api.a-track.io}. */
  SGP,
  /** {@code lon}: sends to {@code https://lon.api.a-track.io}. */
  LON,
  /** {@code fra}: sends to {@code https://fra.api.a-track.io}. */
  FRA,
  /** {@code tor}: sends to {@code https://tor.api.a-track.io}. */
  TOR,
  /** {@code blr}: sends to {@code https://blr.api.a-track.io}. */
  BLR,
  /** {@code syd}: sends to {@code https://syd.api.a-track.io}. */
  SYD,
  /** {@code atl}: sends to {@code https://atl.api.a-track.io}. */
  ATL,
  /** {@code ric}: sends to {@code https://ric.api.a-track.io}. */
  RIC;

  private static final String VALID =
      Arrays.stream(values()).map(Geo::code).collect(Collectors.joining(", "));

  /**
   * The lower-case code sent on the wire and used in the host name, for example {@code fra}.
   *
   * @return the code, three lower-case letters
   */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The base URL of this region's API, for example {@code https://fra.api.a-track.io}.
   *
   * @return the region's base URL
   */
  public URI baseUrl() {
    return URI.create("https://" + code() + ".api.a-track.io");
  }

  /**
   * Parses a geo code in any case: {@code "fra"}, {@code "FRA"} and {@code "Fra"} are {@link #FRA}.
   *
   * @param code the code, in any case
   * @return the region
   * @throws IllegalArgumentException when {@code code} is not one of the eleven codes (surrounding
   *     white space is not trimmed: {@code "fra "} is rejected); the message lists the valid codes
   */
  public static Geo of(String code) {
    if (code == null) {
      throw new NullPointerException("geo must not be null; valid values: " + VALID);
    }
    if (code.length() == 3) {
      for (Geo geo : values()) {
        if (geo.name().equalsIgnoreCase(code)) {
          return geo;
        }
      }
    }
    throw new IllegalArgumentException(
        "geo \"" + Printable.of(code, 20) + "\" is not valid; valid values: " + VALID);
  }
}
