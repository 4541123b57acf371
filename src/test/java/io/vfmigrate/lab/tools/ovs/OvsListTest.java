package io.vfmigrate.lab.tools.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.machine.LabTopology;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.lab.tools.virsh.DomainTestLab;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ovs-vsctl list TABLE} against the real Open vSwitch 3.1 captures
 * (fixtures/real/ovs-list-*): the same columns in the same order and layout, the same errors.
 */
class OvsListTest {
  private static final Pattern LINE = Pattern.compile("^([a-z_]+) *: (.*)$");

  private final DomainTestLab lab = new DomainTestLab().withVfs("src", 2);
  private final OvsVsctlEmulator ovs = new OvsVsctlEmulator();

  private ToolOutput run(String... args) {
    List<String> argv = new ArrayList<>(List.of("ovs-vsctl"));
    argv.addAll(List.of(args));
    return lab.run(ovs, "src", argv.toArray(String[]::new));
  }

  @BeforeEach
  void bridgeWithARepresentorAndAMissingPort() {
    lab.host("src").services.put("openvswitch", "active");
    run("add-br", "br-vf");
    run("add-port", "br-vf", LabTopology.representor(lab.nic("src"), 0));
    run("add-port", "br-vf", "gone0");
  }

  @ParameterizedTest
  @CsvSource({
    "Interface, ovs-list-interface.txt, 3",
    "Port, ovs-list-port.txt, 3",
    "Bridge, ovs-list-bridge.txt, 1",
    "Open_vSwitch, ovs-list-open-vswitch.txt, 1"
  })
  void everyRowHasTheRealColumnsInTheRealLayout(String table, String capture, int rows) {
    ToolOutput out = run("list", table);

    assertThat(out.exitCode()).isZero();
    assertThat(out.stderr()).isEmpty();
    List<List<String>> lab = rows(out.stdout());
    List<List<String>> real = rows(real(capture));
    assertThat(lab).hasSize(rows);
    for (List<String> row : lab) {
      assertThat(row).isEqualTo(real.get(0));
    }
    for (String line : out.stdout().split("\n")) {
      if (!line.isEmpty()) {
        String name = line.substring(0, line.indexOf(':')).strip();
        assertThat(line.indexOf(": ")).as(line).isEqualTo(Math.max(20, name.length()));
      }
    }
  }

  @Test
  void columnsAndStateOfEachInterface() {
    String out = run("--columns=name,ofport,error", "list", "Interface").stdout();
    String rep = LabTopology.representor(lab.nic("src"), 0);

    assertThat(out)
        .isEqualTo(
            "name                : br-vf\n"
                + "ofport              : 65534\n"
                + "error               : []\n"
                + "\n"
                + "name                : "
                + rep
                + "\n"
                + "ofport              : 1\n"
                + "error               : []\n"
                + "\n"
                + "name                : gone0\n"
                + "ofport              : -1\n"
                + "error               : \"could not open network device gone0 (No such"
                + " device)\"\n");
    // The layout of the real --columns capture: the same two columns, a blank line between rows.
    assertThat(real("ovs-list-interface-columns.txt"))
        .contains("name                : br-vf\nofport              : 65534\n", "\n\nname ");
  }

  @Test
  void oneRecordByNameAndTheBridgePointsAtItsPorts() {
    String bridge = run("list", "Bridge", "br-vf").stdout();
    String ports = run("--columns=_uuid", "list", "Port").stdout();

    assertThat(bridge).contains("name                : br-vf\n", "datapath_type       : \"\"\n");
    for (String line : ports.split("\n")) {
      if (!line.isEmpty()) {
        assertThat(bridge).contains(line.substring(line.indexOf(": ") + 2));
      }
    }
  }

  @Test
  void errorsAreTheRealOnes() {
    ToolOutput table = run("list", "Nosuch");
    ToolOutput row = run("list", "Interface", "nosuch");

    assertThat(table.exitCode()).isEqualTo(1);
    assertThat(table.stderr()).isEqualTo(real("ovs-list-nosuchtable.stderr"));
    assertThat(row.exitCode()).isEqualTo(1);
    assertThat(row.stderr()).isEqualTo(real("ovs-list-interface-missing.stderr"));
  }

  /** Column names of each row. */
  private static List<List<String>> rows(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      var m = LINE.matcher(line);
      if (m.matches()) {
        row.add(m.group(1));
      } else if (!row.isEmpty()) {
        rows.add(row);
        row = new ArrayList<>();
      }
    }
    if (!row.isEmpty()) {
      rows.add(row);
    }
    return rows;
  }

  private static String real(String name) {
    try (InputStream in = OvsListTest.class.getResourceAsStream("/fixtures/real/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
