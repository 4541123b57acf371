package io.vfmigrate.workflow.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.DomainUsage;
import io.vfmigrate.workflow.claims.Acquisition;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.claims.ClaimOwner;
import io.vfmigrate.workflow.claims.ClaimRequest;
import io.vfmigrate.workflow.claims.Claimant;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.ControlProcess;
import io.vfmigrate.workflow.claims.ProcessTable;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.ClaimRecord;
import io.vfmigrate.workflow.journal.InMemoryJournal;
import io.vfmigrate.workflow.journal.StepRecord;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import io.vfmigrate.workflow.steps.StepRunner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@code attach} with its options: {@code --vf}, {@code --mac}, {@code --dry-run}; the refusals
 * with their texts and fixes; the interface XML it writes; what its journal records.
 */
class AttachOptionsTest {
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
  private static final PciAddress VF1 = PciAddress.parse("0000:e1:00.1");
  private static final PciAddress VF2 = PciAddress.parse("0000:e1:00.2");
  private static final MacAddress MAC = MacAddress.parse("52:54:00:aa:bb:cc");

  private final Lab lab =
      TestLab.with(
          spec -> {
            VmSpec second = new VmSpec();
            second.name = "vm2";
            spec.hosts.get("src").vms.add(second);
          });
  private final Fleet fleet = TestLab.fleet(lab, EventSink.none());

  /** pid 7 of ctl-test runs; any other pid does not. */
  private static final ClaimLiveness LIVENESS =
      new ClaimLiveness(
          "ctl-test",
          pid ->
              pid == 7
                  ? Optional.of(new ProcessTable.RunningProcess(pid, Optional.empty()))
                  : Optional.empty(),
          op -> false);

  private static final Claimant ME =
      new Claimant(
          new Claims(LIVENESS), new ControlProcess("ctl-test", 8, Clock.systemUTC()), "attach-8-1");

  private void prepare(int vfs) {
    new Prepare(EventSink.none())
        .run(fleet.get("src"), new PrepareOptions("br-vf", OptionalInt.of(vfs)), false);
  }

  private AttachResult attach(
      String vm, Optional<PciAddress> vf, Optional<MacAddress> mac, boolean dryRun) {
    return new Attach(fleet, EventSink.none(), ME).run(vm, "src", vf, mac, dryRun);
  }

  private static VfmigrateException refusal(Runnable r) {
    try {
      r.run();
    } catch (VfmigrateException e) {
      return e;
    }
    throw new AssertionError("not refused");
  }

  private VfSpec vf(int index) {
    return lab.hostSpec("src").nics.get(0).vfs.get(index);
  }

  private List<InterfaceSpec> interfaces(String host, String vm) {
    return lab.hostSpec(host).vms.stream()
        .filter(v -> v.name.equals(vm))
        .findFirst()
        .orElseThrow()
        .interfaces;
  }

  private void vmWithMac(String host, String name, MacAddress mac) {
    VmSpec other = new VmSpec();
    other.name = name;
    InterfaceSpec nic = new InterfaceSpec();
    nic.mac = mac.toString();
    other.interfaces.add(nic);
    lab.hostSpec(host).vms.add(other);
  }

  private void claim(ClaimRequest... requests) {
    assertThat(
            new Claims(LIVENESS)
                .acquire(fleet, List.of(requests), new ClaimOwner("attach-7-0", "ctl-test", 7, T0)))
        .isInstanceOf(Acquisition.Acquired.class);
  }

  @Test
  void aDryRunPlansTheAskedVfAndMacAndChangesNothing() {
    prepare(2);

    AttachResult r = attach("vm1", Optional.of(VF2), Optional.of(MAC), true);

    assertThat(r.applied()).isFalse();
    assertThat(r.vm()).isEqualTo("vm1");
    assertThat(r.host()).isEqualTo("src");
    assertThat(r.vf()).isEqualTo(VF2);
    assertThat(r.mac()).isEqualTo(MAC);
    assertThat(r.command()).isEqualTo("virsh attach-device vm1 mlx_vf.xml --live --config");
    assertThat(r.interfaceXml())
        .isEqualTo(
            "<interface type='hostdev' managed='yes'>\n"
                + "  <mac address='52:54:00:aa:bb:cc'/>\n"
                + "  <source>\n"
                + "    <address type='pci' domain='0x0000' bus='0xe1' slot='0x00'"
                + " function='0x2'/>\n"
                + "  </source>\n"
                + "</interface>\n");
    assertThat(interfaces("src", "vm1")).hasSize(1);
    assertThat(lab.hostSpec("src").files).isEmpty();
    assertThat(Claims.list(fleet.get("src").host())).isEmpty();
    assertThat(Claims.list(fleet.get("dst").host())).isEmpty();
  }

  @Test
  void aDryRunPlansNoVfAnotherVmOfTheHostUses() {
    prepare(2);
    attach("vm2", Optional.of(VF1), Optional.empty(), false);

    assertThat(attach("vm1", Optional.empty(), Optional.empty(), true).vf()).isEqualTo(VF2);
    VfmigrateException e = refusal(() -> attach("vm1", Optional.of(VF1), Optional.empty(), true));
    assertThat(e.getMessage()).isEqualTo("VF 0000:e1:00.1 on src is used by vm2.");
    assertThat(e.fix()).isEqualTo("choose another VF or --vf auto");
  }

  @Test
  void aDryRunRefusesAMacAnotherDomainUses() {
    prepare(2);
    vmWithMac("dst", "vm7", MAC);

    VfmigrateException e = refusal(() -> attach("vm1", Optional.empty(), Optional.of(MAC), true));

    assertThat(e).isInstanceOf(NotReadyException.class);
    assertThat(e.getMessage()).isEqualTo("MAC 52:54:00:aa:bb:cc is already used by vm7 on dst.");
    assertThat(e.fix()).isEqualTo("choose another MAC or --mac auto");
  }

  @Test
  void aDryRunRefusesAReservedMacNamingItsHolder() {
    prepare(2);
    claim(ClaimRequest.macOnEvery(fleet.names(), MAC).toArray(ClaimRequest[]::new));

    VfmigrateException e = refusal(() -> attach("vm1", Optional.empty(), Optional.of(MAC), true));

    assertThat(e.getMessage())
        .startsWith("MAC 52:54:00:aa:bb:cc is reserved: ")
        .contains("attach-7-0 on ctl-test, pid 7")
        .endsWith("(live).");
    assertThat(e.fix())
        .isEqualTo("wait for attach-7-0 (pid 7) to finish; or choose another MAC or --mac auto");
  }

  @Test
  void aDryRunsAutomaticMacIsNeitherUsedNorReserved() {
    prepare(2);
    Random seq = new Random(42);
    MacAddress first = new MacAllocator(seq).allocate(Set.of());
    MacAddress second = new MacAllocator(seq).allocate(Set.of());
    vmWithMac("dst", "vm7", first);
    claim(ClaimRequest.macOnEvery(fleet.names(), second).toArray(ClaimRequest[]::new));

    AttachResult r =
        new Attach(fleet, EventSink.none(), ME, new MacAllocator(new Random(42)))
            .run("vm1", "src", Optional.empty(), Optional.empty(), true);

    assertThat(r.mac()).isNotIn(first, second);
    assertThat(r.vf()).isEqualTo(VF1);
  }

  @Test
  void aVmOnAnotherHostIsRefusedWithTheAttachThatWouldWork() {
    prepare(2);

    VfmigrateException e =
        refusal(
            () ->
                new Attach(fleet, EventSink.none(), ME)
                    .run("vm1", "dst", Optional.empty(), Optional.empty(), false));

    assertThat(e).isInstanceOf(NotReadyException.class);
    assertThat(e.getMessage())
        .isEqualTo("There is no domain named vm1 on dst. It is defined on src.");
    assertThat(e.fix()).isEqualTo("vfmigrate attach vm1 --host src");
  }

  @Test
  void aVmNoHostDefinesIsInvalidInputNamingTheHosts() {
    VfmigrateException e = refusal(() -> attach("vm9", Optional.empty(), Optional.empty(), false));

    assertThat(e).isInstanceOf(InvalidInputException.class);
    assertThat(e.getMessage())
        .isEqualTo("No host has a VM (libvirt domain) named vm9 (hosts: src, dst).");
    assertThat(e.fix())
        .isEqualTo("check the name: virsh list --all on each host lists its domains");
  }

  @Test
  void aVmMissingHereWhileAHostDoesNotAnswerIsNotCalledUnknown() {
    FaultSpec down = new FaultSpec();
    down.command = "virsh domstate vm9";
    down.stderr = "error: failed to connect to the hypervisor\n";
    lab.hostSpec("dst").faults.add(down);

    VfmigrateException e = refusal(() -> attach("vm9", Optional.empty(), Optional.empty(), false));

    assertThat(e).isInstanceOf(NotReadyException.class);
    assertThat(e.getMessage()).isEqualTo("There is no domain named vm9 on src.");
    assertThat(e.fix()).isEqualTo("check the name and host with: virsh list --all");
  }

  @Test
  void anAskedVfStillBoundToTheHostDriverIsRefusedWithThePrepareFix() {
    prepare(2);
    vf(1).driver = "mlx5_core";

    VfmigrateException e = refusal(() -> attach("vm1", Optional.of(VF2), Optional.empty(), false));

    assertThat(e.getMessage())
        .isEqualTo("VF 0000:e1:00.2 on src is still bound to mlx5_core (not detached).");
    assertThat(e.fix()).isEqualTo("vfmigrate prepare --host src");
    assertThat(interfaces("src", "vm1")).hasSize(1);
  }

  @Test
  void anAskedVfThatIsNotMigratableIsRefusedWithThePrepareFix() {
    prepare(2);
    vf(1).migratable = false;

    VfmigrateException e = refusal(() -> attach("vm1", Optional.of(VF2), Optional.empty(), false));

    assertThat(e.getMessage()).isEqualTo("VF 0000:e1:00.2 on src is not marked migratable.");
    assertThat(e.fix()).isEqualTo("vfmigrate prepare --host src");
  }

  @Test
  void autoSkipsAVfThatIsNotMigratable() {
    prepare(2);
    vf(0).migratable = false;

    assertThat(attach("vm1", Optional.empty(), Optional.empty(), false).vf()).isEqualTo(VF2);
  }

  @Test
  void theOnlyVfTakenAsksForASecond() {
    prepare(1);
    attach("vm1", Optional.empty(), Optional.empty(), false);

    VfmigrateException e = refusal(() -> attach("vm2", Optional.empty(), Optional.empty(), false));

    assertThat(e.getMessage()).isEqualTo("No free prepared VF on src (1 VF, 0 free).");
    assertThat(e.fix()).isEqualTo("vfmigrate prepare --host src --vfs 2");
  }

  @Test
  void aVfAnotherRunClaimedIsSkippedByAutoAndRefusedWhenAskedFor() {
    prepare(2);
    claim(ClaimRequest.vf("src", VF1));

    VfmigrateException e = refusal(() -> attach("vm1", Optional.of(VF1), Optional.empty(), false));
    assertThat(e.getMessage())
        .startsWith("VF 0000:e1:00.1 on src is used by a run that claimed it (")
        .contains("attach-7-0");
    assertThat(e.fix()).isEqualTo("choose another VF or --vf auto");

    VfInventory inventory = inventory();
    assertThat(inventory.claimOf(VF1).orElseThrow().owner().orElseThrow().operation())
        .isEqualTo("attach-7-0");
    assertThat(inventory.claimOf(VF2)).isEmpty();
    assertThat(inventory.freeCount()).isEqualTo(1);

    AttachResult r = attach("vm1", Optional.empty(), Optional.empty(), false);
    assertThat(r.vf()).isEqualTo(VF2);
    assertThat(inventory().freeCount()).isZero();
  }

  private VfInventory inventory() {
    var src = fleet.get("src");
    return VfInventory.read(src.host(), DomainUsage.of(new Virsh(src.host())), src.pf());
  }

  @Test
  void anAskedVfThatIsNoVfOfThePfIsRefusedListingTheVfsThereAre() {
    prepare(2);

    VfmigrateException e =
        refusal(
            () ->
                attach(
                    "vm1", Optional.of(PciAddress.parse("0000:e1:07.7")), Optional.empty(), false));

    assertThat(e.getMessage()).isEqualTo("0000:e1:07.7 is not a VF of 0000:e1:00.0 on src.");
    assertThat(e.fix()).isEqualTo("use one of: 0000:e1:00.1, 0000:e1:00.2, or --vf auto");
  }

  @Test
  void aReservedMacDrawnAgainIsNotTriedAgain() {
    prepare(2);
    MacAddress reserved = MacAddress.parse("52:54:00:00:00:01");
    claim(ClaimRequest.macOnEvery(fleet.names(), reserved).toArray(ClaimRequest[]::new));
    MacAddress[] draws = new MacAddress[Attach.AUTO_ATTEMPTS + 5];
    java.util.Arrays.fill(draws, reserved);
    draws[draws.length - 1] = MAC;

    AttachResult r =
        new Attach(fleet, EventSink.none(), ME, new MacAllocator(macs(draws)))
            .run("vm1", "src", Optional.empty(), Optional.empty(), false);

    assertThat(r.mac()).isEqualTo(MAC);
  }

  @Test
  void aMacAnotherDomainUsesDrawnAgainIsNotTriedAgain() {
    prepare(2);
    MacAddress used = MacAddress.parse("52:54:00:00:00:01");
    vmWithMac("dst", "vm7", used);
    MacAddress[] draws = new MacAddress[Attach.AUTO_ATTEMPTS + 5];
    java.util.Arrays.fill(draws, used);
    draws[draws.length - 1] = MAC;

    AttachResult r =
        new Attach(fleet, EventSink.none(), ME, new MacAllocator(macs(draws)))
            .run("vm1", "src", Optional.empty(), Optional.empty(), false);

    assertThat(r.mac()).isEqualTo(MAC);
  }

  @Test
  void theAttachStepUndoneDetachesTheVfAgainThroughATemporaryFile() {
    prepare(2);
    List<String> told = new java.util.ArrayList<>();
    AttachVf step =
        new AttachVf(
            "vm1",
            VF1,
            MAC,
            new AttachVf.TempFiles() {
              @Override
              public void created(String path) {
                told.add("created " + path);
              }

              @Override
              public void removed(String path) {
                told.add("removed " + path);
              }
            });
    var host = fleet.get("src").host();

    step.apply(host);
    assertThat(interfaces("src", "vm1")).extracting(i -> i.type).contains("hostdev");
    step.undo(host);

    assertThat(interfaces("src", "vm1")).extracting(i -> i.type).doesNotContain("hostdev");
    assertThat(told).hasSize(4);
    assertThat(told.get(2)).startsWith("created /tmp/vfmigrate-vf-");
    assertThat(told.get(3)).isEqualTo("removed " + told.get(2).substring("created ".length()));
    assertThat(lab.hostSpec("src").files.keySet()).noneMatch(f -> f.startsWith("/tmp/"));
  }

  @Test
  void anAutomaticMacAnotherDomainUsesIsNotGivenTwice() {
    prepare(2);
    MacAddress first = new MacAllocator(new Random(42)).allocate(Set.of());
    vmWithMac("dst", "vm7", first);

    AttachResult r =
        new Attach(fleet, EventSink.none(), ME, new MacAllocator(new Random(42)))
            .run("vm1", "src", Optional.empty(), Optional.empty(), false);

    assertThat(r.mac()).isNotEqualTo(first);
    assertThat(interfaces("src", "vm1")).extracting(i -> i.mac).contains(r.mac().toString());
  }

  /** Gives the bytes of {@code macs} in turn, then repeats the last one. */
  private static RandomGenerator macs(MacAddress... macs) {
    Deque<Integer> bytes = new ArrayDeque<>();
    for (MacAddress m : macs) {
      String[] parts = m.toString().split(":");
      for (int i = 3; i < 6; i++) {
        bytes.add(Integer.parseInt(parts[i], 16));
      }
    }
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int nextInt(int bound) {
        return bytes.size() > 1 ? bytes.poll() : bytes.peek();
      }
    };
  }

  @Test
  void autoGivesUpAfterTwentyReservedMacsWithTheFix() {
    prepare(2);
    MacAddress[] reserved = new MacAddress[Attach.AUTO_ATTEMPTS];
    for (int i = 0; i < reserved.length; i++) {
      reserved[i] = MacAddress.parse(String.format("52:54:00:00:00:%02x", i + 1));
      claim(ClaimRequest.macOnEvery(fleet.names(), reserved[i]).toArray(ClaimRequest[]::new));
    }

    VfmigrateException e =
        refusal(
            () ->
                new Attach(fleet, EventSink.none(), ME, new MacAllocator(macs(reserved)))
                    .run("vm1", "src", Optional.empty(), Optional.empty(), false));

    assertThat(e.getMessage()).contains("52:54:00:00:00:14").endsWith(".");
    assertThat(e.fix()).endsWith("; or choose another MAC or --mac auto");
    assertThat(interfaces("src", "vm1")).hasSize(1);
  }

  @Test
  void theWrittenInterfaceIsAManagedHostdevWithTheMac() {
    prepare(2);

    AttachResult r = attach("vm1", Optional.of(VF2), Optional.of(MAC), false);

    assertThat(r.applied()).isTrue();
    assertThat(r.interfaceXml()).contains("managed='yes'", "52:54:00:aa:bb:cc", "function='0x2'");
    String xml =
        fleet.get("src").host().run(Command.of(List.of("virsh", "dumpxml", "vm1"))).stdout();
    assertThat(xml)
        .contains("<interface type='hostdev' managed='yes'>")
        .contains("<mac address='52:54:00:aa:bb:cc'/>")
        .contains("function='0x2'");
  }

  @Test
  void theJournalRecordsTheStepTheReservationsAndTheTemporaryFile() {
    prepare(2);
    InMemoryJournal journal = new InMemoryJournal();
    String op = "attach-8-1";
    StepRunner runner =
        new StepRunner(journal, op, EventSink.none(), Clock.fixed(T0, ZoneOffset.UTC));
    // the journal's own operation id
    AttachResult r =
        new Attach(fleet, runner, ME).run("vm1", "src", Optional.of(VF1), Optional.of(MAC), false);

    assertThat(r.applied()).isTrue();
    assertThat(journal.steps(op))
        .extracting(StepRecord::host, StepRecord::description, StepRecord::command)
        .containsExactly(
            tuple(
                "src",
                "attach VF 0000:e1:00.1 to vm1 with MAC 52:54:00:aa:bb:cc",
                "virsh attach-device vm1 mlx_vf.xml --live --config"));
    assertThat(journal.claims(op))
        .extracting(ClaimRecord::host, ClaimRecord::path)
        .containsExactlyInAnyOrder(
            tuple("src", "/tmp/vfmigrate-vf-0-1.xml"),
            tuple("src", "/run/vfmigrate/macs/52-54-00-aa-bb-cc"),
            tuple("dst", "/run/vfmigrate/macs/52-54-00-aa-bb-cc"),
            tuple("src", "/run/vfmigrate/claims/0000:e1:00.1"));
    assertThat(journal.claims(op)).allSatisfy(c -> assertThat(c.released()).isPresent());
    assertThat(lab.hostSpec("src").files).doesNotContainKey("/tmp/vfmigrate-vf-0-1.xml");
  }

  @Test
  void aHostWhoseDomainsCannotBeListedIsAReasonNotToAttach() {
    prepare(2);
    FaultSpec down = new FaultSpec();
    down.command = "virsh list";
    down.stderr = "error: failed to connect to the hypervisor\n";
    down.times = 10;
    lab.hostSpec("dst").faults.add(down);

    VfmigrateException e = refusal(() -> attach("vm1", Optional.empty(), Optional.of(MAC), false));

    assertThat(e).isInstanceOf(NotReadyException.class);
    assertThat(e.getMessage())
        .startsWith("Cannot check that no domain on dst uses the MAC or VF: ")
        .endsWith(" Nothing was changed.");
    assertThat(interfaces("src", "vm1")).hasSize(1);
    assertThat(Claims.list(fleet.get("src").host())).isEmpty();
    assertThat(Claims.list(fleet.get("dst").host())).isEmpty();
  }
}
