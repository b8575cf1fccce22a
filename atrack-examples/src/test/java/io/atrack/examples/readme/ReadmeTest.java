package io.atrack.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The README's examples cannot rot: each Java block marked {@code <!-- readme-example: X.java -->}
 * must appear, line by line in order (indentation aside), in this package's {@code X.java}, which
 * compiles and runs it; and the user POM must ask for artifacts the BOM manages, at this version.
 */
class ReadmeTest {
  private static final Path ROOT = Path.of("..");
  private static final Path EXAMPLES = Path.of("src/test/java/io/atrack/examples/readme");
  private static final Pattern MARKED =
      Pattern.compile(
          "<!-- readme-example: (\\S+\\.java) -->\\n```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyMarkedJavaExampleIsCompiledAsShown() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher m = MARKED.matcher(readme);
    List<String> checked = new ArrayList<>();
    while (m.find()) {
      List<String> example = lines(m.group(2));
      List<String> source = lines(Files.readString(EXAMPLES.resolve(m.group(1))));
      assertThat(missingFrom(source, example))
          .as("README example for %s, first line not found in that order", m.group(1))
          .isEmpty();
      checked.add(m.group(1));
    }
    assertThat(checked)
        .contains(
            "UseExamplesTest.java",
            "ScopeExamplesTest.java",
            "InterceptorExamplesTest.java",
            "CheckoutTrackingTest.java",
            "StaticCollectorExampleTest.java",
            "ErrorHandlingExampleTest.java");
  }

  @Test
  void theUserPomAsksForManagedArtifactsAtThisVersion() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher m =
        Pattern.compile(
                "ReadmeTest checks that this is the user POM it parses. -->\\n```xml\\n(.*?)```",
                Pattern.DOTALL)
            .matcher(readme);
    assertThat(m.find()).as("the README's user POM").isTrue();
    Document user = xml(m.group(1));
    Document root = xml(Files.readString(ROOT.resolve("pom.xml")));
    Document bom = xml(Files.readString(ROOT.resolve("atrack-bom/pom.xml")));
    String version = text(root.getDocumentElement(), "version");

    Element bomImport = (Element) user.getElementsByTagName("dependencyManagement").item(0);
    assertThat(text(bomImport, "artifactId")).isEqualTo("atrack-bom");
    assertThat(text(bomImport, "version")).isEqualTo(version);
    List<String> managed = artifactIds(bom.getElementsByTagName("dependency"));
    List<String> used =
        artifactIds(
            ((Element) user.getElementsByTagName("dependencies").item(1))
                .getElementsByTagName("dependency"));
    assertThat(used.stream().filter(a -> a.startsWith("atrack-")).collect(Collectors.toList()))
        .containsExactly("atrack-sdk", "atrack-testkit")
        .isSubsetOf(managed);
  }

  /** The example's lines not found in order in {@code source}: empty when all are there. */
  private static List<String> missingFrom(List<String> source, List<String> example) {
    int at = 0;
    for (int i = 0; i < example.size(); i++) {
      int found = source.subList(at, source.size()).indexOf(example.get(i));
      if (found < 0) {
        return example.subList(i, example.size());
      }
      at += found + 1;
    }
    return List.of();
  }

  private static List<String> lines(String text) {
    return text.lines()
        .map(line -> line.strip().replaceAll("\\s+", " "))
        .filter(line -> !line.isEmpty())
        .collect(Collectors.toList());
  }

  private static Document xml(String text) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(
            new java.io.ByteArrayInputStream(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static String text(Element parent, String tag) {
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals(tag)) {
        return e.getTextContent().trim();
      }
    }
    Element nested = (Element) parent.getElementsByTagName(tag).item(0);
    return nested.getTextContent().trim();
  }

  private static List<String> artifactIds(NodeList dependencies) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < dependencies.getLength(); i++) {
      ids.add(text((Element) dependencies.item(i), "artifactId"));
    }
    return ids;
  }
}
