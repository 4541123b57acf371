package io.vfmigrate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.journal.sqlite.SqliteJournal;
import io.vfmigrate.workflow.journal.ClaimRecord;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.StepRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate vfmigrate processes against one lab, as two operators (or two control machines) would
 * run them: the per-PF cap, the destination VF claims and the MAC reservation hold because they are
 * taken on the hosts, not because the runs are serialised.
 */
class ParallelMigrationsIT {
  private static final int VMS = 6;

  @TempDir Path home;

  private record Run(int exitCode, String out) {}

  @Test
  void sixMigrationsOfOnePfNeverOverlapBeyondFourAndNeverShareAVf() throws Exception {
    init(VMS);
    assertThat(vfmigrate("prepare", "--host", "src", "--vfs", "6").exitCode()).isZero();
    assertThat(vfmigrate("prepare", "--host", "dst", "--vfs", "6").exitCode()).isZero();
    for (int i = 1; i <= VMS; i++) {
      Run a = vfmigrate("attach", "vm" + i, "--host", "src");
      assertThat(a.exitCode()).as(a.out()).isZero();
    }
    List<String> left = new ArrayList<>();
    for (int i = 1; i <= VMS; i++) {
      left.add("vm" + i);
    }
    int rounds = 0;
    while (!left.isEmpty()) {
      assertThat(rounds++).as("every VM migrated within a few rounds").isLessThan(5);
      List<Process> running = new ArrayList<>();
      for (String vm : left) {
        running.add(start("migrate", vm, "--from", "src", "--to", "dst", "--no-verify"));
      }
      List<String> refused = new ArrayList<>();
      List<String> outs = new ArrayList<>();
      for (int i = 0; i < running.size(); i++) {
        Run r = finish(running.get(i));
        outs.add(r.out());
        if (r.exitCode() == 3) {
          // A refusal under contention: the 4-per-PF cap, or every free VF taken by the others
          // while this one chose (after its retries); either way nothing changed.
          assertThat(r.out())
              .as(r.out())
              .containsAnyOf("[vfs-per-pf]", "[destination-vf]")
              .contains("Nothing was changed.");
          refused.add(left.get(i));
        } else {
          assertThat(r.exitCode()).as(left.get(i) + "\n" + r.out()).isZero();
        }
      }
      System.out.println(
          "round "
              + rounds
              + ": "
              + (left.size() - refused.size())
              + " migrated, "
              + refused.size()
              + " refused by the cap");
      left = refused;
    }

    try (SqliteJournal journal = SqliteJournal.open(home.resolve("journal.db"))) {
      List<long[]> transfers = new ArrayList<>();
      Map<String, List<Instant[]>> claimsByPath = new HashMap<>();
      for (OperationRecord op : journal.operations(Optional.empty(), Optional.empty(), 100)) {
        if (op.kind() != OperationKind.MIGRATE) {
          continue;
        }
        for (StepRecord s : journal.steps(op.id())) {
          if (s.description().startsWith("migrate vm") && s.ended().isPresent()) {
            transfers.add(new long[] {s.started().toEpochMilli(), s.ended().get().toEpochMilli()});
          }
        }
        for (ClaimRecord c : journal.claims(op.id())) {
          assertThat(c.released()).as("every claim was released: " + c).isPresent();
          claimsByPath
              .computeIfAbsent(c.host() + ":" + c.path(), k -> new ArrayList<>())
              .add(new Instant[] {c.taken(), c.released().get()});
        }
      }
      assertThat(transfers).hasSize(VMS);
      int most = maxOverlap(transfers);
      long first = transfers.stream().mapToLong(t -> t[0]).min().orElse(0);
      for (long[] t : transfers.stream().sorted((a, b) -> Long.compare(a[0], b[0])).toList()) {
        System.out.println("transfer " + (t[0] - first) + ".." + (t[1] - first) + " ms");
      }
      System.out.println(
          VMS + " migrations of one PF, at most " + most + " transferring at once (cap 4)");
      // The cap is the safety property; at least two at once proves the runs really are
      // concurrent (each needs about 55 one-second polls alone, see init).
      assertThat(most).isBetween(2, 4);
      for (Map.Entry<String, List<Instant[]>> e : claimsByPath.entrySet()) {
        assertThat(maxOverlap(e.getValue().stream().map(ParallelMigrationsIT::millis).toList()))
            .as("claim " + e.getKey() + " was never held twice at once")
            .isEqualTo(1);
      }
    }
    String lab = vfmigrate("lab", "show").out();
    for (int i = 1; i <= VMS; i++) {
      assertThat(lab).contains("VM vm" + i + ": running");
    }
  }

  @Test
  void twoAttachRunsWithOneMacHaveExactlyOneWinner() throws Exception {
    init(2);
    assertThat(vfmigrate("prepare", "--host", "src", "--vfs", "2").exitCode()).isZero();
    Process a = start("attach", "vm1", "--host", "src", "--mac", "52:54:00:aa:bb:cc");
    Process b = start("attach", "vm2", "--host", "src", "--mac", "52:54:00:aa:bb:cc");
    Run ra = finish(a);
    Run rb = finish(b);
    assertThat(List.of(ra.exitCode(), rb.exitCode()))
        .as(ra.out() + "\n" + rb.out())
        .containsExactlyInAnyOrder(0, 3);
    String lab = vfmigrate("lab", "show").out();
    assertThat(lab.split("52:54:00:aa:bb:cc", -1)).as(lab).hasSize(2);
  }

  private static long[] millis(Instant[] interval) {
    return new long[] {interval[0].toEpochMilli(), interval[1].toEpochMilli()};
  }

  /** The most intervals that hold at one instant. */
  static int maxOverlap(List<long[]> intervals) {
    int most = 0;
    for (long[] a : intervals) {
      int at = 0;
      for (long[] b : intervals) {
        if (b[0] <= a[0] && a[0] < b[1]) {
          at++;
        }
      }
      most = Math.max(most, at);
    }
    return most;
  }

  /** The built-in lab with {@code vms} VMs of 64 GiB on src, over a 10 Gbit/s link. */
  private void init(int vms) throws Exception {
    String yaml;
    try (var in = ParallelMigrationsIT.class.getResourceAsStream("/lab/default.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // Transfers that overlap in wall time and still converge when four share the link:
    // - The lab's clock moves one second per monitor poll, so a migration's wall time grows with
    //   its virtual time. 64 GiB alone over 10 Gbit/s is 55 s: about 55 polls of its own process,
    //   long enough for the other processes to get through their guards and start theirs. With
    //   32 GiB at most 2 ran at once on a loaded machine.
    // - Shared four ways, the link still gives each 312 MB/s. A VF's 30 MB stop-copy state then
    //   takes 96 ms. The guest dirties 10 MiB/s, so two short passes after the first leave a few
    //   MB of RAM. Together they fit QEMU's 300 ms limit.
    // - The previous setup, 2 GiB over 2 Gbit/s, was 8.6 s alone: one migration could finish
    //   before the next started. Four sharing that link left 62.5 MB/s each: 480 ms for the
    //   stop-copy state alone, above even the 500 ms maximum.
    yaml = yaml.replace("link: {bandwidth: 100Gbit/s}", "link: {bandwidth: 10Gbit/s}");
    int start = yaml.indexOf("    vms:\n");
    int end = yaml.indexOf("  dst:\n");
    StringBuilder list = new StringBuilder("    vms:\n");
    for (int i = 1; i <= vms; i++) {
      list.append("      - name: vm")
          .append(i)
          .append(
              "\n        memory: 64GiB\n        dirty_rate: 10MiB/s\n        vcpus: 2\n        state: running\n")
          .append("        vf_ip: 192.168.3.")
          .append(10 + i)
          .append("/24\n        interfaces:\n          - {type: virtio, mac: \"52:54:00:11:22:")
          .append(String.format("%02x", 0x30 + i))
          .append("\", guest_name: eth0, ip: 192.168.1.")
          .append(10 + i)
          .append("/24}\n");
    }
    Files.writeString(
        home.resolve("lab.yaml"), yaml.substring(0, start) + list + yaml.substring(end));
    Run init = vfmigrate("lab", "init", "--from", home.resolve("lab.yaml").toString());
    assertThat(init.exitCode()).as(init.out()).isZero();
  }

  private Process start(String... args) throws IOException {
    String jar = System.getProperty("vfmigrate.jar", "target/vfmigrate.jar");
    List<String> argv =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().put("VFMIGRATE_HOME", home.toString());
    return pb.start();
  }

  private static Run finish(Process p) throws IOException, InterruptedException {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  private Run vfmigrate(String... args) throws IOException, InterruptedException {
    return finish(start(args));
  }
}
