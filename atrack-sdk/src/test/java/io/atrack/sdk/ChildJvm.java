package io.atrack.sdk;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

  /**
   * How a child JVM ended.
   *
   * @param exited whether it exited within the bound (else it was killed)
   * @param exitValue its exit status, or -1 when it was killed
   * @param output what it printed to stdout and stderr
   */
  public record Result(boolean exited, int exitValue, String output) {}

  /**
   * Runs {@code main} with {@code args} in a child JVM on {@link #classPath()}, its output going to
   * a file in {@code dir}, and waits for it to exit: at most 90 s, a bound for a hung child, not a
   * timing assertion (a child still running then is killed). Prints what the child said.
   *
   * @param dir a directory for the child's output
   * @param main the class whose {@code main} runs
   * @param args the program's arguments
   * @return how the child ended and what it printed
   * @throws IOException when the child cannot start or its output cannot be read
   * @throws InterruptedException when interrupted while waiting
   */
  public static Result run(Path dir, Class<?> main, String... args)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile(dir, "child", ".out");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classPath());
    command.add(main.getName());
    command.addAll(List.of(args));
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean exited = child.waitFor(90, TimeUnit.SECONDS);
    if (!exited) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    System.out.println("Child JVM said: " + printed.strip());
    return new Result(exited, exited ? child.exitValue() : -1, printed);
  }
}
