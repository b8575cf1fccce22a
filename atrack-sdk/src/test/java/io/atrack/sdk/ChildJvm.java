package io.atrack.sdk;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the SDK's tests need to start a child JVM running one of their own classes. */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * A class path on which a child JVM finds the tests and the SDK, whether this JVM runs them on
   * the class path or (as surefire does, the SDK having a module-info) on the module path with the
   * test classes patched into the module.
   */
  public static String classPath() {
    List<String> parts = new ArrayList<>();
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      String value = System.getProperty(property);
      if (value != null && !value.isEmpty()) {
        parts.add(value);
      }
    }
    try {
      parts.add(
          Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return String.join(File.pathSeparator, parts);
  }
}
