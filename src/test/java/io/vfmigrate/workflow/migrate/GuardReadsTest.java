package io.vfmigrate.workflow.migrate;

import static io.vfmigrate.testing.MigrationFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabInventory;
import io.vfmigrate.lab.state.DiskSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.testing.CountingHost;
import io.vfmigrate.testing.MigrationFixture;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The guards read each fact once, in three batches per host (one exec each over SSH), and nothing
 * on its own: the batches ask each host what its checks need and what the first answers name.
 */
class GuardReadsTest {
  private record Evaluated(MigrationGuards.Verdict verdict, List<String> execs) {
    /** The execs of {@code host}, in order. */
    List<String> of(String host) {
      return execs.stream().filter(e -> e.startsWith(host + ": ")).toList();
    }

    /**
     * Everything {@code host} was asked, all batches together; a batched virsh's words shown as it
     * quotes them ('domstate' 'vm1'), not as the display's shell quoting of that quoting.
     */
    String asked(String host) {
      return String.join("\n", of(host)).replace("'\\''", "'");
    }
  }

  private static Evaluated evaluate(Lab lab, MigrateRequest r) {
    List<String> execs = CountingHost.newLog();
    Fleet fleet = LabInventory.fleet(lab, h -> new CountingHost(h, execs));
    MigrationGuards.Verdict v = MigrationGuards.evaluate(fleet, r, ClaimLiveness.onThisMachine());
    return new Evaluated(v, List.copyOf(execs));
  }

  /** vm2 on src, running, with a virtio NIC; vm1 with a file disk on shared storage. */
  private static void secondVmAndADisk(LabSpec spec) {
    VmSpec vm2 = new VmSpec();
    vm2.name = "vm2";
    vm2.memory = "2GiB";
    InterfaceSpec nic = new InterfaceSpec();
    nic.mac = "52:54:00:11:22:44";
    nic.guestName = "eth0";
    nic.ip = "192.168.1.11/24";
    vm2.interfaces.add(nic);
    spec.hosts.get("src").vms.add(vm2);
    DiskSpec disk = new DiskSpec();
    disk.source = "/var/lib/libvirt/images/vm1.qcow2";
    spec.hosts.get("src").vms.get(0).disks = List.of(disk);
  }

  private static Lab lab(Consumer<LabSpec> scenario) {
    return MigrationFixture.ready(scenario);
  }

  @Test
  void theGuardsReadEachHostInThreeBatchesAndNothingAlone() {
    Evaluated e = evaluate(lab(GuardReadsTest::secondVmAndADisk), request());

    assertThat(e.verdict().refusals()).as(e.execs().toString()).isEmpty();
    for (String host : List.of("src", "dst")) {
      assertThat(e.of(host))
          .as(String.join("\n", e.execs()))
          .hasSize(3)
          .allSatisfy(x -> assertThat(x).startsWith(host + ": batch of "));
    }
    assertThat(e.execs()).hasSize(6);
    // Nothing is asked that no check needs (no domain named by an empty line, no VF past the
    // last): src asks 16 host facts, then 8 named ones (its VF link, the PF's speed, vm2's XML,
    // state and job, vm1's disk, the 2 QMP queries), then its VF's driver; dst asks 14, then 3
    // (its VF link, the disk, the domain capabilities), then its VF's driver. The virsh commands
    // of one connection are one virsh (VirshBatch): src's first 6 and next 5, dst's first 4.
    assertThat(e.of("src"))
        .extracting(x -> x.substring(0, x.indexOf(':', "src: batch of".length())))
        .containsExactly("src: batch of 11", "src: batch of 4", "src: batch of 1");
    assertThat(e.of("dst"))
        .extracting(x -> x.substring(0, x.indexOf(':', "dst: batch of".length())))
        .containsExactly("dst: batch of 11", "dst: batch of 3", "dst: batch of 1");
  }

  @Test
  void eachHostIsAskedAboutItsOwnPf() {
    Evaluated e =
        evaluate(
            lab(spec -> io.vfmigrate.testing.TestLab.nic(spec, "dst").pci = "0000:c1:00.0"),
            request());

    assertThat(e.verdict().refusals()).as(e.execs().toString()).isEmpty();
    assertThat(e.asked("dst"))
        .contains("/sys/bus/pci/devices/0000:c1:00.0/vendor]")
        .contains("/sys/bus/pci/devices/0000:c1:00.0/virtfn0]")
        .contains("/sys/bus/pci/devices/0000:c1:00.1/driver]")
        .doesNotContain("0000:e1:00");
    assertThat(e.asked("src")).doesNotContain("0000:c1:00");
  }

  @Test
  void theSourceIsAskedAboutTheVmItsQemuAndTheOtherDomainsJobs() {
    Evaluated e = evaluate(lab(GuardReadsTest::secondVmAndADisk), request());

    String src = e.asked("src");
    assertThat(src)
        .contains("'domstate' 'vm1'")
        .contains("'dumpxml' 'vm1' '--migratable'")
        .contains("'dumpxml' 'vm2'")
        .contains("'domstate' 'vm2'")
        .contains("'domjobinfo' 'vm2'")
        .contains("query-migrate-capabilities")
        .contains("device-list-properties")
        .contains("/speed]")
        .contains("stat -f -c %t /var/lib/libvirt/images/vm1.qcow2")
        .doesNotContain("nodememstats")
        .doesNotContain("domcapabilities")
        .doesNotContain("'domjobinfo' 'vm1'");
    String dst = e.asked("dst");
    assertThat(dst)
        .contains("'nodememstats'")
        .contains("domcapabilities")
        .contains("stat -f -c %t /var/lib/libvirt/images/vm1.qcow2")
        .doesNotContain("'domstate' 'vm1'")
        .doesNotContain("qemu-monitor-command")
        .doesNotContain("domjobinfo")
        .doesNotContain("/speed]");
    // The migration goes one way: the source is asked whether it reaches the destination's
    // libvirt without a prompt, the destination whether its firewall lets the stream in; neither
    // is asked the other way round.
    assertThat(src)
        .contains("virsh -c 'qemu+ssh://192.0.2.12/system?no_tty=1' uri")
        .doesNotContain("firewall-cmd");
    assertThat(dst).contains("firewall-cmd --state").doesNotContain("virsh -c ");
  }

  @Test
  void aVmThatDoesNotRunHasNoQemuToAsk() {
    Lab lab = lab(spec -> {});
    MigrationFixture.vm(lab, "src").state = "shut off";

    Evaluated e = evaluate(lab, request());

    assertThat(e.verdict().refusals()).extracting(Refusal::guard).containsExactly("vm-running");
    assertThat(e.asked("src")).contains("'domstate' 'vm1'").doesNotContain("qemu-monitor-command");
  }

  @Test
  void eachVfLinkIsReadAndThenItsDriver() {
    Evaluated e = evaluate(lab(s -> {}), request());

    for (String host : List.of("src", "dst")) {
      List<String> batches = e.of(host);
      assertThat(batches.get(1)).as(host).contains("virtfn0]");
      assertThat(batches.get(2)).as(host).startsWith(host + ": batch of ").contains("/driver]");
    }
  }
}
