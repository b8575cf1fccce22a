/**
 * The A-Track SDK: {@link io.atrack.sdk.ATrack} and its builder, the request and result values and
 * exceptions ({@code io.atrack.sdk}), the user-storage SPI ({@code io.atrack.sdk.storage}) and the
 * transport SPI ({@code io.atrack.sdk.transport}). Nothing else is exported: {@code
 * io.atrack.sdk.internal.*} is the implementation and may change in any release.
 *
 * <p>The core needs only the JDK: {@code java.net.http} for the proxy-aware transport and, at
 * compile time only, the JSpecify nullness annotations ({@code org.jspecify}).
 */
module io.atrack.sdk {
  // Optional at run time; transitive because the API's signatures carry its @Nullable, so a
  // module compiling against this one reads it too (javac -Xlint:exports asks for that).
  requires static transitive org.jspecify;
  requires java.net.http;

  exports io.atrack.sdk;
  exports io.atrack.sdk.storage;
  exports io.atrack.sdk.transport;
}
