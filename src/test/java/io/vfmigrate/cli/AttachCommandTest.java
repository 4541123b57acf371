package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VmSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attach} through the CLI: {@code --vf} picks the VF, {@code --dry-run} changes nothing,
 * {@code --json} says what was attached, and a VF another VM uses is refused (exit 3).
 */
class AttachCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VF1 = "0000:e1:00.1";
  private static final String VF2 = "0000:e1:00.2";

  @TempDir Path home;

  @BeforeEach
  void prepareTwoVfsAndASecondVm() {
    assertThat(CliRun.run(home, "lab", "init").exitCode).isZero();
    CliRun prepare = CliRun.run(home, "prepare", "--host", "src", "--vfs", "2");
    assertThat(prepare.exitCode).as(prepare.toString()).isZero();
    Lab lab = Lab.open(new LabStore(home));
    lab.exclusive(
        () -> {
          VmSpec vm2 = new VmSpec();
          vm2.name = "vm2";
          vm2.memory = "2GiB";
          InterfaceSpec nic = new InterfaceSpec();
          nic.mac = "52:54:00:11:22:44";
          nic.guestName = "eth0";
          nic.ip = "192.168.1.11/24";
          vm2.interfaces.add(nic);
          lab.spec().hosts.get("src").vms.add(vm2);
        });
  }

  /** Host src as {@code lab show --json} shows it, less its domains' UUIDs. */
  private JsonNode src() throws Exception {
    JsonNode src =
        JSON.readTree(CliRun.run(home, "lab", "show", "--json").out).get("hosts").get("src");
    // A domain's UUID is the lab's to give when a tool first asks for it, not a change.
    src.get("vms").forEach(vm -> ((ObjectNode) vm).remove("uuid"));
    return src;
  }

  private JsonNode vm(String name) throws Exception {
    for (JsonNode vm : src().get("vms")) {
      if (vm.get("name").asText().equals(name)) {
        return vm;
      }
    }
    throw new AssertionError("no " + name);
  }

  @Test
  void vfNamesTheVfAndJsonSaysWhatWasAttached() throws Exception {
    CliRun r =
        CliRun.run(
            home,
            "attach",
            "vm1",
            "--host",
            "src",
            "--vf",
            VF2,
            "--mac",
            "52:54:00:0a:0b:0c",
            "--json");

    assertThat(r.exitCode).as(r.toString()).isZero();
    JsonNode json = JSON.readTree(r.out);
    assertThat(json.get("vm").asText()).isEqualTo("vm1");
    assertThat(json.get("host").asText()).isEqualTo("src");
    assertThat(json.get("vf").asText()).isEqualTo(VF2);
    assertThat(json.get("mac").asText()).isEqualTo("52:54:00:0a:0b:0c");
    assertThat(json.get("applied").asBoolean()).isTrue();
    assertThat(json.get("command").asText())
        .isEqualTo("virsh attach-device vm1 mlx_vf.xml --live --config");
    assertThat(json.get("interface_xml").asText())
        .contains("<interface type='hostdev' managed='yes'>", "52:54:00:0a:0b:0c")
        .contains("bus='0xe1'", "slot='0x00'", "function='0x2'");
    String interfaces = vm("vm1").get("interfaces").toString();
    assertThat(interfaces).contains(VF2, "52:54:00:0a:0b:0c").doesNotContain(VF1);
  }

  @Test
  void withoutVfTheFirstFreeOneIsTakenAndTheHumanLineSaysWhich() throws Exception {
    CliRun r = CliRun.run(home, "attach", "vm1", "--host", "src", "--vf", "auto");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out)
        .containsPattern("vm1 on src now has VF " + VF1 + " with MAC 52:54:00:[0-9a-f:]{8}\\.");
    assertThat(vm("vm1").get("interfaces").toString()).contains(VF1);
  }

  @Test
  void aDryRunPrintsTheXmlAndTheCommandAndChangesNothing() throws Exception {
    String before = src().toString();

    CliRun r = CliRun.run(home, "attach", "vm1", "--host", "src", "--vf", VF2, "--dry-run");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out)
        .startsWith("# write this to mlx_vf.xml on src:\n<interface type='hostdev' managed='yes'>")
        .endsWith("virsh attach-device vm1 mlx_vf.xml --live --config\n")
        .contains("function='0x2'");
    assertThat(src().toString()).as("nothing changed").isEqualTo(before);

    JsonNode json =
        JSON.readTree(
            CliRun.run(home, "attach", "vm1", "--host", "src", "--vf", VF2, "--dry-run", "--json")
                .out);
    assertThat(json.get("applied").asBoolean()).isFalse();
    assertThat(json.get("vf").asText()).isEqualTo(VF2);
    assertThat(src().toString()).as("nothing changed").isEqualTo(before);
  }

  @Test
  void aVfAnotherVmUsesIsRefusedWithExit3AndNothingChanges() throws Exception {
    CliRun first = CliRun.run(home, "attach", "vm1", "--host", "src", "--vf", VF1);
    assertThat(first.exitCode).as(first.toString()).isZero();
    String before = src().toString();

    CliRun r = CliRun.run(home, "attach", "vm2", "--host", "src", "--vf", VF1);

    assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
    assertThat(r.err).contains("VF " + VF1 + " on src is used by vm1", "--vf auto");
    assertThat(src().toString()).as("nothing changed").isEqualTo(before);

    JsonNode error =
        JSON.readTree(CliRun.run(home, "attach", "vm2", "--host", "src", "--vf", VF1, "--json").out)
            .get("error");
    assertThat(error.get("code").asInt()).isEqualTo(3);
    assertThat(error.get("kind").asText()).isEqualTo("not-ready");
    assertThat(error.get("message").asText()).contains(VF1, "vm1");

    CliRun auto = CliRun.run(home, "attach", "vm2", "--host", "src");
    assertThat(auto.exitCode).as("--vf auto takes the other VF\n" + auto).isZero();
    assertThat(vm("vm2").get("interfaces").toString()).contains(VF2);
  }

  @Test
  void aVfThatIsNotOneOfThePfsIsRefusedNamingTheVfsThereAre() {
    CliRun r = CliRun.run(home, "attach", "vm1", "--host", "src", "--vf", "0000:e1:00.5");

    assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
    assertThat(r.err)
        .contains("0000:e1:00.5 is not a VF of 0000:e1:00.0 on src.")
        .contains("use one of: " + VF1 + ", " + VF2 + ", or --vf auto");
  }

  @Test
  void aDryRunAndJsonTellTheWarningThatALibvirtBefore10CannotMigrateTheVf() throws Exception {
    Lab lab = Lab.open(new LabStore(home));
    lab.exclusive(() -> lab.spec().hosts.get("src").packages.put("libvirt", "9.10.0"));
    String warning =
        "libvirt 9.10.0 binds plain vfio-pci to a managed VF, which QEMU cannot migrate: the VM"
            + " will not migrate with this VF until libvirt is 10.0 or later (vfmigrate check"
            + " --host src gives the upgrade command)";

    CliRun plan = CliRun.run(home, "attach", "vm1", "--host", "src", "--dry-run");
    CliRun json = CliRun.run(home, "attach", "vm1", "--host", "src", "--dry-run", "--json");

    assertThat(plan.exitCode).as(plan.toString()).isZero();
    assertThat(plan.out).startsWith("# warning (src): " + warning + "\n# write this to");
    assertThat(json.exitCode).as(json.toString()).isZero();
    JsonNode warnings = JSON.readTree(json.out).get("warnings");
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).get("host").asText()).isEqualTo("src");
    assertThat(warnings.get(0).get("message").asText()).isEqualTo(warning);
  }

  @Test
  void withoutAWarningJsonHasAnEmptyList() throws Exception {
    CliRun json = CliRun.run(home, "attach", "vm1", "--host", "src", "--dry-run", "--json");
    assertThat(JSON.readTree(json.out).get("warnings")).isEmpty();
  }
}
