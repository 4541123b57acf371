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

  /** The emulated ConnectX-7 of both hosts, for {@code vfmigrate lab init --from}. */
  static Path hardwareLab() {
    return STATE.resolve("hardware.yaml");
  }

  private static String dir(String host) {
    return host.equals("src") ? "A" : "B";
  }

  /** The libvirt URI of one host: asking it alone, not the whole lab. */
  static String uri(String host) {
    return "qemu+unix:///system?socket=" + STATE.resolve(dir(host)).resolve("sock/libvirt-sock");
  }

  /** {@code virsh -c URI ARGS} against one host's libvirtd: exit code and output. */
  static Answer virsh(String host, String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("timeout", "30", "virsh", "-c", uri(host)));
    argv.addAll(List.of(args));
    return exec(argv);
  }

  /**
   * Has that host's libvirtd drop every client connection ({@code virt-admin client-disconnect}, as
   * a daemon restart would); returns how many it dropped.
   */
  static int dropLibvirtClients(String host) throws IOException, InterruptedException {
    String admin =
        "libvirtd:///system?socket=" + STATE.resolve(dir(host)).resolve("sock/libvirt-admin-sock");
    Answer list = exec(List.of("virt-admin", "-c", admin, "srv-clients-list", "libvirtd"));
    assertThat(list.exitCode()).as(list.output()).isZero();
    int dropped = 0;
    for (String line : list.output().lines().toList()) {
      String id = line.strip().split("\\s+")[0];
      if (id.matches("[0-9]+")) {
        Answer d = exec(List.of("virt-admin", "-c", admin, "client-disconnect", "libvirtd", id));
        assertThat(d.exitCode()).as(d.output()).isZero();
        dropped++;
      }
    }
    return dropped;
  }

  /** How many clients that host's libvirtd has connected. */
  static int libvirtClients(String host) throws IOException, InterruptedException {
    String admin =
        "libvirtd:///system?socket=" + STATE.resolve(dir(host)).resolve("sock/libvirt-admin-sock");
    Answer list = exec(List.of("virt-admin", "-c", admin, "srv-clients-list", "libvirtd"));
    assertThat(list.exitCode()).as(list.output()).isZero();
    return (int)
        list.output().lines().filter(l -> l.strip().split("\\s+")[0].matches("[0-9]+")).count();
  }

  /** {@code ovs-vsctl ARGS} against one host's ovsdb-server. */
  static Answer vsctl(String host, String... args) throws IOException, InterruptedException {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "timeout",
                "15",
                "ovs-vsctl",
                "--db=unix:" + STATE.resolve(dir(host)).resolve("ovs/db.sock")));
    argv.addAll(List.of(args));
    return exec(argv);
  }

  /** The PID ovs-vswitchd of that host wrote. */
  static String vswitchdPid(String host) throws IOException {
    return java.nio.file.Files.readString(
            STATE.resolve(dir(host)).resolve("ovs/ovs-vswitchd.pid"), StandardCharsets.UTF_8)
        .strip();
  }

  record Answer(int exitCode, String output) {}

  private static Answer exec(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", argv)).isTrue();
    return new Answer(p.exitValue(), new String(out, StandardCharsets.UTF_8));
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
