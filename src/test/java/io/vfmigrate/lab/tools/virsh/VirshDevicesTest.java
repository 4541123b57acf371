package io.vfmigrate.lab.tools.virsh;

import static io.vfmigrate.lab.tools.virsh.DomainTestLab.VF_XML;
import static io.vfmigrate.lab.tools.virsh.DomainTestLab.assertFixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.ToolOutput;
import org.junit.jupiter.api.Test;

public class VirshDevicesTest {
  private final DomainTestLab lab = new DomainTestLab().withVfs("src", 2);
  private final VirshEmulator virsh = new VirshEmulator();

  private VfSpec vf(int n) {
    return lab.nic("src").vfs.get(n);
  }

  private ToolOutput attach(String vm, String xml) {
    String file = lab.writeFile("src", xml);
    return lab.run(virsh, "src", "virsh", "attach-device", vm, file, "--live", "--config");
  }

  @Test
  void nodedevDetachBindsTheRequestedDriver() {
    ToolOutput out =
        lab.run(
            virsh, "src", "virsh", "nodedev-detach", "pci_0000_e1_00_1", "--driver", "pci-stub");

    assertThat(out.stdout()).isEqualTo("Device pci_0000_e1_00_1 detached\n\n");
    assertThat(out.exitCode()).isZero();
    assertThat(vf(0).driver).isEqualTo("pci-stub");
    assertThat(vf(0).detached).isTrue();
    assertThat(vf(1).driver).isEqualTo("mlx5_core");
  }

  @Test
  void nodedevDetachDefaultsToVfioPciAndReattachReturnsToMlx5Core() {
    lab.host("src").packages.put("libvirt", "9.7.0");
    lab.run(virsh, "src", "virsh", "nodedev-detach", "pci_0000_e1_00_2");
    assertThat(vf(1).driver).isEqualTo("vfio-pci");

    ToolOutput out = lab.run(virsh, "src", "virsh", "nodedev-reattach", "pci_0000_e1_00_2");

    assertThat(out.stdout()).isEqualTo("Device pci_0000_e1_00_2 re-attached\n\n");
    assertThat(vf(1).driver).isEqualTo("mlx5_core");
    assertThat(vf(1).detached).isFalse();
  }

  @Test
  void nodedevOfAMissingDeviceIsTheTwoLineError() {
    ToolOutput out = lab.run(virsh, "src", "virsh", "nodedev-detach", "pci_0000_e1_00_5");

    assertThat(out.exitCode()).isEqualTo(1);
    assertFixture("virsh-nodedev-not-found.stderr", out.stderr());
  }

  @Test
  void nodedevDetachWithPciStubFailsOnLibvirtBeforeVariantDriverSupport() {
    lab.host("src").packages.put("libvirt", "9.0.0-10.el9_2");

    ToolOutput out =
        lab.run(
            virsh, "src", "virsh", "nodedev-detach", "pci_0000_e1_00_1", "--driver", "pci-stub");

    assertThat(out.stderr())
        .isEqualTo(
            "error: Failed to detach device pci_0000_e1_00_1\n"
                + "error: invalid argument: unknown driver name 'pci-stub'\n");
    assertThat(vf(0).driver).isEqualTo("mlx5_core");
  }

  private ToolOutput detach(String libvirt, String... driver) {
    lab.host("src").packages.put("libvirt", libvirt);
    java.util.List<String> argv =
        new java.util.ArrayList<>(java.util.List.of("virsh", "nodedev-detach", "pci_0000_e1_00_1"));
    if (driver.length > 0) {
      argv.add("--driver");
      argv.add(driver[0]);
    }
    return lab.run(virsh, "src", argv.toArray(String[]::new));
  }

  private static final String FAILED = "error: Failed to detach device pci_0000_e1_00_1\n";

  @Test
  void libvirt90BindsVfioPciForNoDriverOrVfioAndRefusesEveryOtherName() {
    ToolOutput none = detach("9.0.0-4+deb12u2");
    String afterNone = vf(0).driver;
    lab.run(virsh, "src", "virsh", "nodedev-reattach", "pci_0000_e1_00_1");
    ToolOutput vfio = detach("9.0.0", "vfio");
    String afterVfio = vf(0).driver;
    lab.run(virsh, "src", "virsh", "nodedev-reattach", "pci_0000_e1_00_1");
    ToolOutput variant = detach("9.0.0", "mlx5_vfio_pci");
    ToolOutput kvm = detach("9.0.0", "kvm");

    assertThat(none.stdout()).isEqualTo("Device pci_0000_e1_00_1 detached\n\n");
    assertThat(afterNone).isEqualTo("vfio-pci");
    assertThat(vfio.exitCode()).isZero();
    assertThat(afterVfio).isEqualTo("vfio-pci");
    assertThat(variant.stderr())
        .isEqualTo(FAILED + "error: invalid argument: unknown driver name 'mlx5_vfio_pci'\n");
    assertThat(kvm.stderr())
        .isEqualTo(
            FAILED
                + "error: argument unsupported: KVM device assignment is no longer supported on"
                + " this system\n");
    assertThat(vf(0).driver).isEqualTo("mlx5_core");
  }

  @Test
  void libvirt90RefusalsAreTheBytesTheRealLabsLibvirtPrinted() {
    ToolOutput stub = detach("9.0.0", "pci-stub");
    ToolOutput kvm = detach("9.0.0", "kvm");

    assertThat(stub.stderr())
        .isEqualTo(real("nodedev-detach-pci-stub-9.0.stderr"))
        .contains("pci_0000_e1_00_1");
    assertThat(stub.stdout()).isEqualTo("\n");
    assertThat(kvm.stderr()).isEqualTo(real("nodedev-detach-kvm-9.0.stderr"));
  }

  /** A capture of the real lab's libvirt 9.0, on the lab's VF instead of the captured device. */
  private static String real(String file) {
    return io.vfmigrate.tools.FakeHost.Fixtures.read("real/" + file)
        .replace("pci_0000_00_00_0", "pci_0000_e1_00_1");
  }

  @Test
  void libvirt97BindsANamedDriverAsGivenAndStillVfioPciByDefault() {
    ToolOutput variant = detach("9.7.0", "mlx5_vfio_pci");
    String afterVariant = vf(0).driver;
    lab.run(virsh, "src", "virsh", "nodedev-reattach", "pci_0000_e1_00_1");
    ToolOutput kvm = detach("9.7.0", "kvm");
    detach("9.10.0");

    assertThat(variant.exitCode()).isZero();
    assertThat(afterVariant).isEqualTo("mlx5_vfio_pci");
    assertThat(kvm.stderr())
        .isEqualTo(
            FAILED
                + "error: argument unsupported: 'legacy KVM' device assignment is no longer"
                + " supported on this system\n");
    assertThat(vf(0).driver).isEqualTo("vfio-pci");
  }

  @Test
  void libvirt10PicksTheVariantDriverByDefaultAndStillBindsPciStubWhenNamed() {
    detach("10.0.0");
    String byDefault = vf(0).driver;
    lab.run(virsh, "src", "virsh", "nodedev-reattach", "pci_0000_e1_00_1");
    detach("11.3.0", "vfio");
    String byVfio = vf(0).driver;
    lab.run(virsh, "src", "virsh", "nodedev-reattach", "pci_0000_e1_00_1");
    ToolOutput stub = detach("10.10.0", "pci_stub");

    assertThat(byDefault).isEqualTo("mlx5_vfio_pci");
    assertThat(byVfio).isEqualTo("mlx5_vfio_pci");
    assertThat(stub.stdout()).isEqualTo("Device pci_0000_e1_00_1 detached\n\n");
    assertThat(vf(0).driver).isEqualTo("pci-stub");
    assertThat(vf(0).detached).isTrue();
  }

  @Test
  void libvirt10WithoutTheVariantInTheKernelBindsVfioPciAndCannotLoadIt() {
    lab.host("src").kernel = "5.10.0-28-amd64";

    detach("10.0.0");
    String byDefault = vf(0).driver;
    lab.run(virsh, "src", "virsh", "nodedev-reattach", "pci_0000_e1_00_1");
    ToolOutput variant = detach("10.0.0", "mlx5-vfio-pci");

    assertThat(byDefault).isEqualTo("vfio-pci");
    assertThat(variant.stderr())
        .isEqualTo(
            FAILED
                + "error: internal error: Failed to load PCI driver module mlx5_vfio_pci:"
                + " modprobe: FATAL: Module mlx5_vfio_pci not found in directory"
                + " /lib/modules/5.10.0-28-amd64\n\n");
    assertThat(vf(0).driver).isEqualTo("mlx5_core");
  }

  @Test
  void withoutAnIommuLibvirtRefusesEveryVfioDetach() {
    lab.host("src").iommu = false;

    ToolOutput out = detach("10.10.0", "pci-stub");

    assertThat(out.stderr())
        .isEqualTo(
            FAILED
                + "error: argument unsupported: VFIO device assignment is currently not supported"
                + " on this system\n");
  }

  @Test
  void attachBindsTheVariantDriverAndAddsTheGuestInterface() {
    ToolOutput out = attach("vm1", VF_XML);

    assertThat(out.stdout()).isEqualTo("Device attached successfully\n\n");
    assertThat(out.exitCode()).isZero();
    assertThat(vf(0).driver).isEqualTo("mlx5_vfio_pci");
    assertThat(vf(0).detached).isTrue();
    InterfaceSpec iface = lab.vm("src", "vm1").interfaces.get(1);
    assertThat(iface.type).isEqualTo("hostdev");
    assertThat(iface.mac).isEqualTo("52:54:00:56:8c:f7");
    assertThat(iface.pci).isEqualTo("0000:e1:00.1");
    assertThat(iface.guestName).isEqualTo("enp4s0");
    assertThat(iface.ip).isEqualTo("192.168.3.10/24");
    assertFixture(
        "virsh-dumpxml-vm1-vf.xml", lab.run(virsh, "src", "virsh", "dumpxml", "vm1").stdout());
    assertFixture(
        "virsh-dumpxml-vm1-vf-inactive.xml",
        lab.run(virsh, "src", "virsh", "dumpxml", "vm1", "--inactive").stdout());
  }

  @Test
  void attachOnOlderLibvirtBindsPlainVfioPci() {
    lab.host("src").packages.put("libvirt", "9.0.0");

    attach("vm1", VF_XML);

    assertThat(vf(0).driver).isEqualTo("vfio-pci");
  }

  @Test
  void quietAttachPrintsNothing() {
    String file = lab.writeFile("src", VF_XML);

    ToolOutput out =
        lab.run(virsh, "src", "virsh", "-q", "attach-device", "vm1", file, "--live", "--config");

    assertThat(out.stdout()).isEmpty();
    assertThat(out.exitCode()).isZero();
  }

  @Test
  void duplicateMacIsRefused() {
    String file = lab.writeFile("src", VF_XML.replace("0x1'", "0x2'"));
    attach("vm1", VF_XML);

    ToolOutput out =
        lab.run(virsh, "src", "virsh", "attach-device", "vm1", file, "--live", "--config");

    assertThat(out.exitCode()).isEqualTo(1);
    assertThat(out.stderr())
        .isEqualTo(
            "error: Failed to attach device from "
                + file
                + "\n"
                + "error: invalid argument: network device with mac 52:54:00:56:8c:f7 already"
                + " exists\n");
    assertThat(vf(1).driver).isEqualTo("mlx5_core");
  }

  @Test
  void aVfInUseByAnotherDomainIsRefusedEverywhere() {
    lab.addVm("src", "vm2", "running");
    attach("vm1", VF_XML);

    ToolOutput second = attach("vm2", VF_XML.replace("56:8c:f7", "56:8c:f8"));
    ToolOutput detach = lab.run(virsh, "src", "virsh", "nodedev-detach", "pci_0000_e1_00_1");
    ToolOutput reattach = lab.run(virsh, "src", "virsh", "nodedev-reattach", "pci_0000_e1_00_1");

    String inUse =
        "error: Requested operation is not valid: PCI device 0000:e1:00.1 is in use by driver"
            + " QEMU, domain vm1\n";
    assertThat(second.stderr()).endsWith(inUse);
    assertThat(detach.stderr())
        .isEqualTo("error: Failed to detach device pci_0000_e1_00_1\n" + inUse);
    assertThat(reattach.stderr())
        .isEqualTo("error: Failed to re-attach device pci_0000_e1_00_1\n" + inUse);
    assertThat(lab.vm("src", "vm2").interfaces).isEmpty();
    assertThat(vf(0).driver).isEqualTo("mlx5_vfio_pci");
  }

  @Test
  void missingFileAndMissingVfAreLibvirtErrors() {
    ToolOutput noFile =
        lab.run(virsh, "src", "virsh", "attach-device", "vm1", "/tmp/nope.xml", "--live");
    ToolOutput noVf =
        attach("vm1", VF_XML.replace("slot='0x00' function='0x1'", "slot='0x01' function='0x1'"));

    assertThat(noFile.stderr())
        .isEqualTo("error: Failed to open file '/tmp/nope.xml': No such file or directory\n");
    assertThat(noVf.stderr())
        .endsWith(
            "error: Device 0000:e1:01.1 not found: could not access"
                + " /sys/bus/pci/devices/0000:e1:01.1/config: No such file or directory\n");
    assertThat(lab.vm("src", "vm1").interfaces).hasSize(1);
  }

  @Test
  void detachRemovesTheInterfaceAndReturnsTheVf() {
    attach("vm1", VF_XML);
    String file = lab.writeFile("src", VF_XML);

    ToolOutput out =
        lab.run(virsh, "src", "virsh", "detach-device", "vm1", file, "--live", "--config");

    assertThat(out.stdout()).isEqualTo("Device detached successfully\n\n");
    assertThat(lab.vm("src", "vm1").interfaces).hasSize(1);
    assertThat(vf(0).driver).isEqualTo("mlx5_core");
    assertThat(vf(0).detached).isFalse();
    ToolOutput again =
        lab.run(virsh, "src", "virsh", "detach-device", "vm1", file, "--live", "--config");
    assertThat(again.stderr())
        .isEqualTo(
            "error: Failed to detach device from "
                + file
                + "\nerror: device not found: no device matching MAC address 52:54:00:56:8c:f7"
                + " found\n");
  }

  @Test
  void liveAttachToAStoppedDomainIsRefused() {
    VmSpec off = lab.addVm("src", "off", "shut off");

    ToolOutput out = attach(off.name, VF_XML);

    assertThat(out.stderr())
        .endsWith("error: Requested operation is not valid: domain is not running\n");
    assertThat(off.interfaces).isEmpty();
  }
}
