package io.vfmigrate.workflow.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * What {@code attach} refuses, in its words and with its fix, and that a refusal changes nothing.
 */
class AttachRefusalsTest {
  private final Lab lab =
      TestLab.with(
          spec -> {
            VmSpec second = new VmSpec();
            second.name = "vm2";
            spec.hosts.get("src").vms.add(second);
          });
  private final Fleet fleet = TestLab.fleet(lab, EventSink.none());

  private void prepare() {
    new Prepare(EventSink.none())
        .run(fleet.get("src"), new PrepareOptions("br-vf", OptionalInt.of(2)), false);
  }

  private AttachResult attach(String vm, Optional<PciAddress> vf) {
    return new Attach(fleet, EventSink.none()).run(vm, "src", vf, Optional.empty(), false);
  }

  private boolean hasVf(String vm) {
    return lab.hostSpec("src").vms.stream()
        .filter(v -> v.name.equals(vm))
        .flatMap(v -> v.interfaces.stream())
        .anyMatch(i -> "hostdev".equals(i.type));
  }

  private static NotReadyException refusal(Runnable r) {
    try {
      r.run();
    } catch (NotReadyException e) {
      return e;
    }
    throw new AssertionError("not refused");
  }

  @Test
  void aVmThatDoesNotRunGetsNoVf() {
    prepare();
    lab.hostSpec("src").vms.get(0).state = "shut off";
    String vm = lab.hostSpec("src").vms.get(0).name;

    NotReadyException e = refusal(() -> attach(vm, Optional.empty()));

    assertThat(e.getMessage())
        .isEqualTo(vm + " is shut off on src; a VF is attached to a running VM.");
    assertThat(e.fix()).isEqualTo("virsh start " + vm);
    assertThat(hasVf(vm)).isFalse();
  }

  @Test
  void anUnpreparedHostHasNoFreeVfAndTheFixIsToPrepareIt() {
    NotReadyException e = refusal(() -> attach("vm1", Optional.empty()));

    assertThat(e.getMessage()).isEqualTo("No free prepared VF on src (0 VFs, 0 free).");
    assertThat(e.fix()).isEqualTo("vfmigrate prepare --host src");
    NotReadyException asked =
        refusal(() -> attach("vm1", Optional.of(PciAddress.parse("0000:e1:00.2"))));
    assertThat(asked.getMessage()).endsWith(" on src.").contains("0000:e1:00.2 is not a VF of ");
    assertThat(asked.fix()).isEqualTo("vfmigrate prepare --host src");
    assertThat(hasVf("vm1")).isFalse();
  }

  @Test
  void whenEveryVfIsTakenTheFixAsksForOneMore() {
    prepare();
    attach("vm1", Optional.empty());
    attach("vm2", Optional.empty());
    lab.hostSpec("src").vms.add(vm("vm3"));

    NotReadyException e = refusal(() -> attach("vm3", Optional.empty()));

    assertThat(e.getMessage()).isEqualTo("No free prepared VF on src (2 VFs, 0 free).");
    assertThat(e.fix()).isEqualTo("vfmigrate prepare --host src --vfs 3");
  }

  private static VmSpec vm(String name) {
    VmSpec v = new VmSpec();
    v.name = name;
    return v;
  }

  @Test
  void theVfAskedForIsTheOneAttachedAndAVfInUseIsRefused() {
    prepare();
    AttachResult first = attach("vm1", Optional.empty());
    PciAddress other = null;
    for (String pci : new String[] {"0000:e1:00.1", "0000:e1:00.2", "0000:e1:00.3"}) {
      if (!PciAddress.parse(pci).equals(first.vf())) {
        other = PciAddress.parse(pci);
        break;
      }
    }

    NotReadyException used = refusal(() -> attach("vm2", Optional.of(first.vf())));
    assertThat(used.getMessage()).isEqualTo("VF " + first.vf() + " on src is used by vm1.");
    assertThat(used.fix()).isEqualTo("choose another VF or --vf auto");
    assertThat(hasVf("vm2")).isFalse();

    NotReadyException notOne =
        refusal(() -> attach("vm2", Optional.of(PciAddress.parse("0000:e1:07.7"))));
    assertThat(notOne.getMessage()).startsWith("0000:e1:07.7 is not a VF of ").endsWith(" on src.");
    assertThat(notOne.fix()).startsWith("use one of: ").endsWith(", or --vf auto");

    PciAddress asked = other;
    AttachResult second = attach("vm2", Optional.of(asked));
    assertThat(second.vf()).isEqualTo(asked);
    assertThat(hasVf("vm2")).isTrue();
  }

  @Test
  void aVmOfNoHostIsNamedAsUnknown() {
    prepare();
    assertThatThrownBy(() -> attach("vm9", Optional.empty()))
        .hasMessageContaining("vm9")
        .isInstanceOf(io.vfmigrate.model.VfmigrateException.class);
  }
}
