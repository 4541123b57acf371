package io.vfmigrate.reallab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Drives scripts/real-lab: two real libvirt daemons, QEMU (TCG) guests and Open vSwitch. */
final class RealLab {
  static final Path STATE =
      Path.of(System.getenv().getOrDefault("VFMIGRATE_REAL_LAB", "/tmp/vfmigrate-real-lab"));
  private static final Path SCRIPT = Path.of("scripts", "real-lab").toAbsolutePath();

  private RealLab() {}

  static Path inventory() {
    return STATE.resolve("inventory.yaml");
  }

  /** Runs a harness subcommand and returns its output; fails the test when it fails. */
  static String run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(done).as("real-lab " + String.join(" ", args) + " finished\n" + text).isTrue();
    assertThat(p.exitValue()).as("real-lab " + String.join(" ", args) + "\n" + text).isZero();
    return text;
  }
}
