package io.atrack.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The SDK's release version, from the build (version.properties is filtered by Maven). */
final class SdkVersion {
  static final String VALUE = load();

  private SdkVersion() {}

  private static String load() {
    try (InputStream in = SdkVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("io/atrack/sdk/version.properties is missing from the jar");
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version");
      if (v == null || v.isBlank() || v.startsWith("${")) {
        throw new IllegalStateException("io/atrack/sdk/version.properties has no built version");
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
