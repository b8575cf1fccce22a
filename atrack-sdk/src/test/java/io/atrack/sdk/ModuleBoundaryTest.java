package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The SDK's tests run on the module path (surefire does so because the SDK has a module-info), so
 * the boundary users get is the one the tests see: only the API packages are exported.
 */
class ModuleBoundaryTest {

  @Test
  void theSdkIsTheNamedModuleIoAtrackSdkExportingOnlyItsApiPackages() {
    Module module = ATrack.class.getModule();
    assertThat(module.isNamed()).as("running on the module path").isTrue();
    assertThat(module.getName()).isEqualTo("io.atrack.sdk");
    ModuleDescriptor descriptor = module.getDescriptor();
    Set<String> exported =
        descriptor.exports().stream()
            .filter(e -> !e.isQualified())
            .map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toSet());
    assertThat(exported)
        .containsExactlyInAnyOrder(
            "io.atrack.sdk", "io.atrack.sdk.storage", "io.atrack.sdk.transport");
    assertThat(descriptor.exports()).noneMatch(ModuleDescriptor.Exports::isQualified);
    assertThat(descriptor.opens()).isEmpty();
    assertThat(
            descriptor.requires().stream()
                .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.MANDATED))
                .map(ModuleDescriptor.Requires::name))
        .containsExactlyInAnyOrder("org.jspecify", "java.net.http");
    assertThat(
            descriptor.requires().stream()
                .filter(r -> r.name().equals("org.jspecify"))
                .findFirst()
                .orElseThrow()
                .modifiers())
        .contains(ModuleDescriptor.Requires.Modifier.STATIC);
  }
}
