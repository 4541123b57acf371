package io.vfmigrate.lab.tools.virsh;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.testing.MigrationFixture;
import io.vfmigrate.tools.virsh.VirshBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lab's virsh takes one argument as a command string, as virsh does. */
class VirshCommandStringTest {
  @Test
  void wordsQuotesEscapesSeparatorsAndCommentsAsVirshParsesThem() {
    assertThat(VirshCommandString.parse("echo 'a b' \"c'd\" e\\ f; echo x;echo y"))
        .contains(
            List.of(
                List.of("echo", "a b", "c'd", "e f"), List.of("echo", "x"), List.of("echo", "y")));
    assertThat(VirshCommandString.parse("echo a # b\necho c"))
        .contains(List.of(List.of("echo", "a"), List.of("echo", "c")));
    assertThat(VirshCommandString.parse("echo a#b")).contains(List.of(List.of("echo", "a#b")));
    assertThat(VirshCommandString.parse("echo 'abc")).contains(List.of(List.of("echo", "abc")));
    assertThat(VirshCommandString.parse("echo abc\\")).isEmpty();
  }

  /** QEMU numbers its replies; the command run alone got the next number. */
  private static String ids(String text) {
    return text.replaceAll("\"id\":\"libvirt-\\d+\"", "\"id\":\"libvirt-N\"");
  }

  @Test
  void aBatchOfReadsAnswersEachAsItAnswersAlone() {
    Lab lab = MigrationFixture.ready();
    Host src = lab.host("src");
    List<Read> reads =
        List.of(
            Read.run("virsh", "version"),
            Read.run("virsh", "list", "--all", "--name"),
            Read.run("virsh", "domstate", "vm1"),
            Read.run("virsh", "domstate", "nosuch"),
            Read.run("virsh", "dumpxml", "vm1"),
            Read.run("virsh", "dumpxml", "vm1", "--migratable"),
            Read.run("virsh", "capabilities"),
            Read.run("virsh", "domjobinfo", "vm1"),
            Read.run(
                "virsh",
                "qemu-monitor-command",
                "vm1",
                "{\"execute\":\"query-migrate-capabilities\"}"),
            Read.run("virsh", "dumpxml", "nosuch"));

    List<ReadResult> batched = VirshBatch.readAll(src, reads);

    for (int i = 0; i < reads.size(); i++) {
      CommandResult alone = src.run(((Read.Run) reads.get(i)).command());
      CommandResult r = batched.get(i).commandResult();
      String what = String.join(" ", ((Read.Run) reads.get(i)).command().argv());
      assertThat(ids(r.stdout())).as(what).isEqualTo(ids(alone.stdout()));
      assertThat(r.stderr()).as(what).isEqualTo(alone.stderr());
      assertThat(r.exitCode()).as(what).isEqualTo(alone.exitCode());
    }
  }

  @Test
  void aBatchToALibvirtThatIsDownSaysSoOnceAndRunsNothing() {
    Lab lab = MigrationFixture.ready();
    Host src = lab.host("src");
    Command down =
        Command.of("virsh", "-c", "qemu+ssh://nosuchhost/system", "version ; echo x ; list");

    CommandResult r = src.run(down);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).startsWith("error: failed to connect to the hypervisor\n");
  }
}
