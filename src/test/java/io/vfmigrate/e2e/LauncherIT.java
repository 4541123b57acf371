package io.vfmigrate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/vfmigrate as an operator installs it: through a symlink in another directory, run from yet
 * another one. Runs after package, when the jar is newer than every source, so the launcher runs
 * the jar without building it.
 */
class LauncherIT {
  @TempDir Path dir;

  private static final Path LAUNCHER = Path.of("bin", "vfmigrate").toAbsolutePath();

  private final List<Path> links = new java.util.ArrayList<>();

  private Path link(Path at, Path target) throws IOException {
    links.add(0, Files.createSymbolicLink(at, target));
    return at;
  }

  /** Removed here: JUnit warns about links that lead out of its temporary directory. */
  @AfterEach
  void removeLinks() throws IOException {
    for (Path l : links) {
      Files.deleteIfExists(l);
    }
  }

  private record Run(int exitCode, String out, String err) {}

  private Run run(Path program, Path workingDirectory, String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of(program.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(workingDirectory.toFile());
    pb.environment().put("VFMIGRATE_HOME", dir.resolve("home").toString());
    pb.environment().remove("VFMIGRATE_INVENTORY");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Path err = dir.resolve("stderr");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, Files.readString(err));
  }

  /** The launcher would build the jar (a Maven run inside this one) if a source were newer. */
  private static void requireAFreshJar() throws IOException {
    Path root = LAUNCHER.getParent().getParent();
    FileTime jar = Files.getLastModifiedTime(root.resolve("target/vfmigrate.jar"));
    try (Stream<Path> sources = Files.walk(root.resolve("src/main"))) {
      assertThat(
              Stream.concat(sources, Stream.of(root.resolve("pom.xml")))
                  .filter(f -> lastModified(f).compareTo(jar) > 0)
                  .toList())
          .as("sources newer than target/vfmigrate.jar: run this test after package")
          .isEmpty();
    }
  }

  private static FileTime lastModified(Path f) {
    try {
      return Files.getLastModifiedTime(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void runsThroughASymlinkFromAnyDirectory() throws Exception {
    requireAFreshJar();
    Path bin = Files.createDirectories(dir.resolve("usr/local/bin"));
    Path link = link(bin.resolve("vfmigrate"), LAUNCHER);
    Path elsewhere = Files.createDirectories(dir.resolve("somewhere/else"));

    Run r = run(link, elsewhere, "--version");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("vfmigrate 0.1.0\n");
    assertThat(r.err()).as("the jar is used as it is, not built").isEmpty();

    // A link to the link (as update-alternatives makes them) and a relative one.
    Path second = link(dir.resolve("vfmigrate"), link);
    Path relative = link(elsewhere.resolve("vf"), elsewhere.relativize(second));
    for (Path program : List.of(second, relative)) {
      Run again = run(program, elsewhere, "--version");
      assertThat(again.exitCode()).as(program + ": " + again).isZero();
      assertThat(again.out()).isEqualTo("vfmigrate 0.1.0\n");
    }

    Run help = run(link, elsewhere, "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out() + help.err()).contains("Usage: vfmigrate").doesNotContain("picocli WARN");
  }
}
