package io.vfmigrate.tools.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.FakeHost.Fixtures;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolNotInstalledException;
import io.vfmigrate.tools.ToolOutputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OvsVsctlTest {
  private final FakeHost host = new FakeHost("hostA");
  private final OvsVsctl ovs = new OvsVsctl(host);

  private void fails(String stderrFixture, String... argv) {
    host.on(argv).answer(1, "", Fixtures.read(stderrFixture));
  }

  @Test
  void readsOtherConfig() {
    host.on("ovs-vsctl", "get", "Open_vSwitch", ".", "other_config")
        .stdoutFromFixture("ovs-vsctl/other-config-offload.txt");

    assertThat(ovs.otherConfig()).containsEntry("hw-offload", "true").hasSize(2);
  }

  @Test
  void unparseableOtherConfigIsAnOutputError() {
    host.on("ovs-vsctl", "get", "Open_vSwitch", ".", "other_config").stdout("hw-offload\n");

    assertThatThrownBy(ovs::otherConfig).isInstanceOf(ToolOutputException.class);
  }

  @Test
  void setsAndRemovesOtherConfigWithTheProceduresArgv() {
    host.on("ovs-vsctl", "set", "Open_vSwitch", ".", "other_config:hw-offload=true").succeeds();
    host.on("ovs-vsctl", "set", "Open_vSwitch", ".", "other_config:max-idle=300000").succeeds();
    host.on("ovs-vsctl", "remove", "Open_vSwitch", ".", "other_config", "hw-offload").succeeds();

    ovs.setOtherConfig("hw-offload", "true");
    ovs.setOtherConfig("max-idle", "300000");
    ovs.removeOtherConfig("hw-offload");

    assertThat(host.argvs()).hasSize(3);
    assertThatThrownBy(() -> ovs.setOtherConfig("hw-offload", "true\", x=\"y"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void bridgesAndPortsAreIdempotent() {
    host.on("ovs-vsctl", "--may-exist", "add-br", "br0").succeeds();
    host.on("ovs-vsctl", "--may-exist", "add-port", "br0", "enp225s0np0").succeeds();
    host.on("ovs-vsctl", "--if-exists", "del-port", "br0", "enp225s0np0").succeeds();
    host.on("ovs-vsctl", "--if-exists", "del-br", "br0").succeeds();

    ovs.addBridge("br0");
    ovs.addPort("br0", "enp225s0np0");
    ovs.deletePort("br0", "enp225s0np0");
    ovs.deleteBridge("br0");

    assertThat(host.argvs())
        .containsExactly(
            List.of("ovs-vsctl", "--may-exist", "add-br", "br0"),
            List.of("ovs-vsctl", "--may-exist", "add-port", "br0", "enp225s0np0"),
            List.of("ovs-vsctl", "--if-exists", "del-port", "br0", "enp225s0np0"),
            List.of("ovs-vsctl", "--if-exists", "del-br", "br0"));
  }

  @Test
  void listsBridgesAndPorts() {
    host.on("ovs-vsctl", "list-br").stdoutFromFixture("ovs-vsctl/list-br.txt");
    host.on("ovs-vsctl", "list-ports", "br0").stdoutFromFixture("ovs-vsctl/list-ports-br0.txt");
    host.on("ovs-vsctl", "list-ports", "br1").stdout("");
    fails("ovs-vsctl/list-ports-no-bridge.stderr", "ovs-vsctl", "list-ports", "nobr");

    assertThat(ovs.listBridges()).containsExactly("br-ex", "br0");
    assertThat(ovs.listPorts("br0")).containsExactly("enp225s0np0", "enp225s0npf0vf0");
    assertThat(ovs.listPorts("br1")).isEmpty();
    assertThatThrownBy(() -> ovs.listPorts("nobr"))
        .isInstanceOfSatisfying(
            ToolException.class,
            e -> assertThat(e.toolMessage()).isEqualTo("ovs-vsctl: no bridge named nobr"));
  }

  @Test
  void ofportOfWorkingFailedAndUnassignedInterfaces() {
    host.on("ovs-vsctl", "get", "Interface", "p1", "ofport")
        .stdoutFromFixture("ovs-vsctl/ofport-1.txt");
    host.on("ovs-vsctl", "get", "Interface", "p2", "ofport")
        .stdoutFromFixture("ovs-vsctl/ofport-failed.txt");
    host.on("ovs-vsctl", "get", "Interface", "p3", "ofport")
        .stdoutFromFixture("ovs-vsctl/ofport-unassigned.txt");
    host.on("ovs-vsctl", "get", "Interface", "p4", "ofport").stdout("one\n");

    assertThat(ovs.ofport("p1")).isEqualTo(1);
    assertThat(ovs.ofport("p2")).isEqualTo(-1);
    assertThat(ovs.ofport("p3")).isEqualTo(-1);
    assertThatThrownBy(() -> ovs.ofport("p4")).isInstanceOf(ToolOutputException.class);
  }

  @Test
  void interfaceError() {
    host.on("ovs-vsctl", "get", "Interface", "p1", "error")
        .stdoutFromFixture("ovs-vsctl/interface-error-none.txt");
    host.on("ovs-vsctl", "get", "Interface", "enp225s0npf0vf0", "error")
        .stdoutFromFixture("ovs-vsctl/interface-error-no-device.txt");
    fails("ovs-vsctl/interface-no-row.stderr", "ovs-vsctl", "get", "Interface", "nosuch0", "error");

    assertThat(ovs.interfaceError("p1")).isEmpty();
    assertThat(ovs.interfaceError("enp225s0npf0vf0"))
        .contains("could not open network device enp225s0npf0vf0 (No such device)");
    assertThatThrownBy(() -> ovs.interfaceError("nosuch0"))
        .isInstanceOfSatisfying(
            ToolException.class,
            e -> assertThat(e.toolMessage()).contains("no row \"nosuch0\" in table Interface"));
  }

  @Test
  void anUnreachableDatabaseIsTypedWithTheFix() {
    fails("ovs-vsctl/db-connection-failed.stderr", "ovs-vsctl", "--may-exist", "add-br", "br0");

    assertThatThrownBy(() -> ovs.addBridge("br0"))
        .isInstanceOfSatisfying(
            OvsDatabaseUnreachableException.class,
            e -> {
              assertThat(e.fix()).isEqualTo("systemctl start openvswitch");
              assertThat(e.toolMessage())
                  .isEqualTo(
                      "ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed"
                          + " (No such file or directory)");
            });
  }

  @Test
  void databaseReachable() {
    host.on("ovs-vsctl", "list-br").stdout("");
    assertThat(ovs.databaseReachable()).isTrue();

    FakeHost down = new FakeHost();
    down.on("ovs-vsctl", "list-br")
        .answer(1, "", Fixtures.read("ovs-vsctl/db-connection-failed.stderr"));
    assertThat(new OvsVsctl(down).databaseReachable()).isFalse();

    FakeHost missing = new FakeHost();
    missing.on("ovs-vsctl", "list-br").notInstalled();
    assertThatThrownBy(() -> new OvsVsctl(missing).databaseReachable())
        .isInstanceOfSatisfying(
            ToolNotInstalledException.class,
            e -> assertThat(e.packageName()).isEqualTo("openvswitch"));
  }

  @Test
  void refusesNamesThatAreNotInterfaceNames() {
    assertThatThrownBy(() -> ovs.addBridge("--all")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ovs.addPort("br0", "a-name-longer-than-15"))
        .isInstanceOf(InvalidInputException.class);
    assertThat(host.commands()).isEmpty();
  }
}
