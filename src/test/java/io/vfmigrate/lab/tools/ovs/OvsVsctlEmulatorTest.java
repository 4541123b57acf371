package io.vfmigrate.lab.tools.ovs;

import static io.vfmigrate.lab.tools.virsh.DomainTestLab.assertFixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.state.OvsSpec;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.lab.tools.virsh.DomainTestLab;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public class OvsVsctlEmulatorTest {
  private final DomainTestLab lab = new DomainTestLab();
  private final OvsVsctlEmulator ovs = new OvsVsctlEmulator();

  private ToolOutput run(String... args) {
    String[] argv = new String[args.length + 1];
    argv[0] = "ovs-vsctl";
    System.arraycopy(args, 0, argv, 1, args.length);
    return lab.run(ovs, "src", argv);
  }

  private OvsSpec db() {
    return lab.host("src").ovs;
  }

  @BeforeEach
  void startOpenvswitch() {
    lab.host("src").services.put("openvswitch", "active");
    db().dbUuid = "0bf094fc-be34-45cb-8b83-98310e0ec66d";
  }

  @Test
  void everyCommandFailsWhileTheDatabaseIsDown() {
    lab.host("src").services.put("openvswitch", "inactive");

    ToolOutput out = run("list-br");

    assertThat(out.exitCode()).isEqualTo(1);
    assertFixture("ovs-vsctl-db-down.stderr", out.stderr());
  }

  @Test
  void otherConfigRoundTrip() {
    assertThat(run("get", "Open_vSwitch", ".", "other_config").stdout()).isEqualTo("{}\n");

    assertThat(run("set", "Open_vSwitch", ".", "other_config:max-idle=300000").stdout()).isEmpty();
    run("set", "Open_vSwitch", ".", "other_config:hw-offload=true");

    assertThat(db().otherConfig).containsEntry("hw-offload", "true");
    assertThat(run("get", "Open_vSwitch", ".", "other_config").stdout())
        .isEqualTo("{hw-offload=\"true\", max-idle=\"300000\"}\n");
    assertThat(run("get", "Open_vSwitch", ".", "other_config:hw-offload").stdout())
        .isEqualTo("\"true\"\n");

    run("remove", "Open_vSwitch", ".", "other_config", "hw-offload");
    assertThat(db().otherConfig).doesNotContainKey("hw-offload");
    ToolOutput missing = run("get", "Open_vSwitch", ".", "other_config:hw-offload");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr())
        .isEqualTo(
            "ovs-vsctl: no key \"hw-offload\" in Open_vSwitch record \".\" column"
                + " other_config\n");
  }

  @Test
  void bridgesAndPorts() {
    assertThat(run("add-br", "br0").exitCode()).isZero();
    run("add-port", "br0", "enp225s0np0");
    run("add-port", "br0", "enp225s0npf0vf0");

    assertThat(db().bridges).containsEntry("br0", List.of("enp225s0np0", "enp225s0npf0vf0"));
    assertThat(run("list-br").stdout()).isEqualTo("br0\n");
    assertThat(run("list-ports", "br0").stdout()).isEqualTo("enp225s0np0\nenp225s0npf0vf0\n");
    assertThat(run("br-exists", "br0").exitCode()).isZero();
    assertThat(run("br-exists", "br9").exitCode()).isEqualTo(2);
    assertThat(run("--may-exist", "add-br", "br0").exitCode()).isZero();
    assertThat(run("--may-exist", "add-port", "br0", "enp225s0np0").exitCode()).isZero();

    assertThat(run("add-br", "br0").stderr())
        .isEqualTo(
            "ovs-vsctl: cannot create a bridge named br0 because a bridge named br0 already"
                + " exists\n");
    assertThat(run("add-port", "br0", "enp225s0np0").stderr())
        .isEqualTo(
            "ovs-vsctl: cannot create a port named enp225s0np0 because a port named enp225s0np0"
                + " already exists on bridge br0\n");
    assertThat(run("add-port", "nobr", "x").stderr())
        .isEqualTo("ovs-vsctl: no bridge named nobr\n");
    assertThat(run("del-port", "br0", "nosuch").stderr())
        .isEqualTo("ovs-vsctl: no port named nosuch\n");
    assertThat(run("--if-exists", "del-port", "br0", "nosuch").exitCode()).isZero();

    run("del-port", "br0", "enp225s0npf0vf0");
    assertThat(db().bridges.get("br0")).containsExactly("enp225s0np0");
    run("--if-exists", "del-br", "br0");
    assertThat(db().bridges).isEmpty();
    assertThat(run("del-br", "br0").stderr()).isEqualTo("ovs-vsctl: no bridge named br0\n");
  }

  @Test
  void aPortAddedBeforeItsNetdevHealsWhenTheNetdevAppears() {
    run("add-br", "br0");
    run("add-port", "br0", "enp225s0np0");
    run("add-port", "br0", "enp225s0npf0vf0");

    assertThat(run("get", "Interface", "enp225s0npf0vf0", "ofport").stdout()).isEqualTo("-1\n");
    assertThat(run("get", "Interface", "enp225s0npf0vf0", "error").stdout())
        .isEqualTo("\"could not open network device enp225s0npf0vf0 (No such device)\"\n");
    assertFixture("ovs-vsctl-show-missing-netdev.txt", run("show").stdout());

    lab.withVfs("src", 1);

    assertThat(run("get", "Interface", "enp225s0npf0vf0", "ofport").stdout()).isEqualTo("2\n");
    assertThat(run("get", "Interface", "enp225s0npf0vf0", "error").stdout()).isEqualTo("[]\n");
    assertThat(run("get", "Interface", "br0", "ofport").stdout()).isEqualTo("65534\n");
    assertFixture("ovs-vsctl-show.txt", run("show").stdout());
  }

  @Test
  void errorsOfTheGenericCommands() {
    assertThat(run("frobnicate").stderr())
        .isEqualTo("ovs-vsctl: unknown command 'frobnicate'; use --help for help\n");
    assertThat(run("get", "Interface", "nosuch", "ofport").stderr())
        .isEqualTo("ovs-vsctl: no row \"nosuch\" in table Interface\n");
    assertThat(run("get", "Open_vSwitch", ".", "nocolumn").stderr())
        .isEqualTo(
            "ovs-vsctl: Open_vSwitch does not contain a column whose name matches"
                + " \"nocolumn\"\n");
    assertThat(run("--may-exist", "del-br", "br0").stderr())
        .isEqualTo("ovs-vsctl: 'del-br' command has no '--may-exist' option\n");
    assertThat(run("add-br").stderr())
        .isEqualTo("ovs-vsctl: 'add-br' command requires at least 1 arguments\n");
  }

  @Test
  void aFailingCommandRollsBackTheWholeTransaction() {
    ToolOutput out = run("add-br", "br0", "--", "add-port", "nobr", "p0");

    assertThat(out.exitCode()).isEqualTo(1);
    assertThat(db().bridges).isEmpty();
  }

  @Test
  void stringsAreQuotedAsOvsdbDoes() {
    assertThat(OvsQuoting.string("enp225s0np0")).isEqualTo("enp225s0np0");
    assertThat(OvsQuoting.string("300000")).isEqualTo("\"300000\"");
    assertThat(OvsQuoting.string("true")).isEqualTo("\"true\"");
    assertThat(OvsQuoting.string("a b")).isEqualTo("\"a b\"");
    assertThat(OvsQuoting.string("0bf094fc-be34-45cb-8b83-98310e0ec66d"))
        .isEqualTo("\"0bf094fc-be34-45cb-8b83-98310e0ec66d\"");
    assertThat(OvsQuoting.string("_x.y-z")).isEqualTo("_x.y-z");
  }
}
