package io.vfmigrate.lab.tools.lshw;

import static io.vfmigrate.lab.tools.LabFixture.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.lab.tools.LabFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

public class LshwEmulatorTest {
  private final LabFixture lab = new LabFixture();

  @Test
  void networkBusinfoWithoutVfs() {
    CommandResult r = lab.run("lshw", "-c", "network", "-businfo");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stderr()).isEmpty();
    assertThat(r.stdout()).isEqualTo(fixture("lshw/businfo-no-vfs.txt"));
  }

  @Test
  void vfsShowTheirNetdevOnlyWhileMlx5CoreDrivesThem() {
    lab.createVfs(2);
    lab.nic().vfs.get(1).driver = "vfio-pci";
    CommandResult r = lab.run("lshw", "-businfo", "-class", "network");
    assertThat(r.stdout()).isEqualTo(fixture("lshw/businfo-two-vfs-one-vfio.txt"));
  }

  @Test
  void openVswitchInterfacesHaveNoBusInfo() {
    lab.srcSpec().services.put("openvswitch", "active");
    lab.srcSpec().ovs.bridges.put("br-vf", List.of());
    assertThat(lab.run("lshw", "-c", "net", "-businfo").stdout())
        .isEqualTo(fixture("lshw/businfo-ovs.txt"));
  }

  @Test
  void widthsComeFromAllNodesNotOnlyTheShownOnes() {
    String storage = lab.run("lshw", "-c", "storage", "-businfo").stdout();
    String network = lab.run("lshw", "-c", "network", "-businfo").stdout();
    assertThat(storage.lines().findFirst()).isEqualTo(network.lines().findFirst());
  }

  @Test
  void unknownOptionPrintsUsage() {
    CommandResult r = lab.run("lshw", "-bogus");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).startsWith("Hardware Lister (lshw) - B.02.19.2\nusage: lshw");
  }

  @Test
  void missingPackageIsCommandNotFound() {
    lab.srcSpec().packages.remove("lshw");
    assertThat(lab.run("lshw", "-c", "network", "-businfo").exitCode()).isEqualTo(127);
  }
}
