package io.vfmigrate.lab.tools.agent;

import static io.vfmigrate.lab.tools.virsh.DomainTestLab.VF_XML;
import static io.vfmigrate.lab.tools.virsh.DomainTestLab.assertFixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.LabYaml;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.lab.tools.virsh.DomainTestLab;
import io.vfmigrate.lab.tools.virsh.VirshEmulator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

public class AgentResponderTest {
  private static final Pattern PID = Pattern.compile("\\{\"return\":\\{\"pid\":(\\d+)}}\n");
  private static final Pattern OUT = Pattern.compile("\"out-data\":\"([^\"]*)\"");
  private static final Pattern ERR = Pattern.compile("\"err-data\":\"([^\"]*)\"");

  private final DomainTestLab lab = new DomainTestLab().withVfs("src", 2).withOvsBridge("src");
  private final VirshEmulator virsh = new VirshEmulator();

  private ToolOutput agent(String json) {
    return lab.run(virsh, "src", "virsh", "qemu-agent-command", "vm1", json);
  }

  private void attachVf() {
    String file = lab.writeFile("src", VF_XML);
    ToolOutput out =
        lab.run(virsh, "src", "virsh", "attach-device", "vm1", file, "--live", "--config");
    assertThat(out.exitCode()).isZero();
  }

  /** guest-exec of ping, then guest-exec-status; returns the status reply. */
  private String ping(String iface) {
    return pingWith("\"-c\",\"3\",\"-I\",\"" + iface + "\",\"192.168.3.1\"");
  }

  /** guest-exec of ping with the JSON argument list {@code args}; returns the status reply. */
  private String pingWith(String args) {
    ToolOutput started =
        agent(
            "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/usr/bin/ping\","
                + "\"arg\":["
                + args
                + "],\"capture-output\":true}}");
    Matcher pid = PID.matcher(started.stdout());
    assertThat(pid.lookingAt()).as(started.stdout() + started.stderr()).isTrue();
    return agent("{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid.group(1) + "}}")
        .stdout();
  }

  private static String decoded(Pattern member, String reply) {
    Matcher m = member.matcher(reply);
    assertThat(m.find()).as(reply).isTrue();
    return new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
  }

  @Test
  void guestPingAnswersOnOneLine() {
    ToolOutput out = agent("{\"execute\":\"guest-ping\"}");

    assertThat(out.stdout()).isEqualTo("{\"return\":{}}\n\n");
    assertThat(out.exitCode()).isZero();
  }

  @Test
  void interfacesListLoopbackAndTheVfOnceAttached() {
    attachVf();

    ToolOutput out = agent("{\"execute\":\"guest-network-get-interfaces\"}");

    assertFixture("agent-network-get-interfaces.json", out.stdout());
  }

  @Test
  void pingThroughABridgedVfAnswers() {
    attachVf();

    String status = ping("enp4s0");

    assertThat(status).startsWith("{\"return\":{\"exitcode\":0,\"out-data\":");
    assertThat(status).endsWith(",\"exited\":true}}\n\n");
    assertFixture("agent-ping-ok.txt", decoded(OUT, status));
  }

  @Test
  void pingsIntervalIsInItsElapsedTimeAndABadOneIsIputilsError() {
    attachVf();
    String fast =
        decoded(OUT, pingWith("\"-c\",\"3\",\"-i\",\"0.05\",\"-I\",\"enp4s0\",\"192.168.3.1\""));
    assertThat(fast).contains("3 packets transmitted, 3 received, 0% packet loss, time 103ms\n");

    String bad = pingWith("\"-c\",\"3\",\"-i\",\"fast\",\"192.168.3.1\"");
    assertThat(bad).startsWith("{\"return\":{\"exitcode\":2,");
    assertThat(decoded(ERR, bad)).isEqualTo("ping: bad timing interval: fast\n");
  }

  @Test
  void pingLosesEverythingWithoutTheRepresentorOnTheBridge() {
    attachVf();
    lab.host("src").ovs.bridges.get("br0").remove("enp225s0npf0vf0");

    String status = ping("enp4s0");

    assertThat(status).startsWith("{\"return\":{\"exitcode\":1,");
    assertFixture("agent-ping-loss.txt", decoded(OUT, status));
  }

  @Test
  void pingLosesEverythingWhileOpenvswitchIsStoppedOrTheEswitchIsLegacy() {
    attachVf();
    lab.host("src").services.put("openvswitch", "inactive");
    assertThat(ping("enp4s0")).startsWith("{\"return\":{\"exitcode\":1,");

    lab.host("src").services.put("openvswitch", "active");
    lab.nic("src").eswitch = "legacy";
    assertThat(ping("enp4s0")).startsWith("{\"return\":{\"exitcode\":1,");

    lab.nic("src").eswitch = "switchdev";
    lab.nic("src").vfs.get(0).driver = "pci-stub";
    assertThat(ping("enp4s0")).startsWith("{\"return\":{\"exitcode\":1,");
  }

  @Test
  void pingOnAMissingInterfaceIsTheIputilsBindError() {
    String status = ping("enp4s0");

    assertThat(status).startsWith("{\"return\":{\"exitcode\":2,\"err-data\":");
    assertThat(decoded(ERR, status)).isEqualTo("ping: SO_BINDTODEVICE enp4s0: No such device\n");
  }

  @Test
  void execStatusIsReportedOnce() {
    ToolOutput started =
        agent(
            "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"ping\",\"arg\":[\"-c\","
                + "\"1\",\"192.168.3.1\"],\"capture-output\":true}}");
    Matcher pid = PID.matcher(started.stdout());
    assertThat(pid.lookingAt()).isTrue();
    String status =
        "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid.group(1) + "}}";

    LabSpec persisted = LabYaml.copy(lab.lab.spec());
    assertThat(persisted.hosts.get("src").vms.get(0).guestExecs).hasSize(1);
    assertThat(agent(status).exitCode()).isZero();
    ToolOutput again = agent(status);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.stderr())
        .isEqualTo(
            "error: internal error: unable to execute QEMU agent command 'guest-exec-status':"
                + " Invalid parameter 'pid'\n");
  }

  @Test
  void agentNotRunningOrDomainStoppedIsLibvirtsError() {
    lab.vm("src", "vm1").guestAgent = false;
    ToolOutput noAgent = agent("{\"execute\":\"guest-ping\"}");
    lab.vm("src", "vm1").state = "shut off";
    ToolOutput stopped = agent("{\"execute\":\"guest-ping\"}");

    assertThat(noAgent.stderr())
        .isEqualTo("error: Guest agent is not responding: QEMU guest agent is not connected\n");
    assertThat(stopped.stderr())
        .isEqualTo("error: Requested operation is not valid: domain is not running\n");
    assertThat(noAgent.exitCode()).isEqualTo(1);
  }

  @Test
  void unknownAgentCommandIsReported() {
    ToolOutput out = agent("{\"execute\":\"guest-frobnicate\"}");

    assertThat(out.stderr())
        .isEqualTo(
            "error: internal error: unable to execute QEMU agent command 'guest-frobnicate':"
                + " The command guest-frobnicate has not been found\n");
  }

  @Test
  void domifaddrFromTheAgent() {
    attachVf();

    ToolOutput out = lab.run(virsh, "src", "virsh", "domifaddr", "vm1", "--source", "agent");

    assertFixture("virsh-domifaddr-agent.txt", out.stdout());
  }
}
