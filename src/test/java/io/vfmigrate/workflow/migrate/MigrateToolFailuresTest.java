package io.vfmigrate.workflow.migrate;

import static io.vfmigrate.testing.MigrationFixture.migrate;
import static io.vfmigrate.testing.MigrationFixture.ready;
import static io.vfmigrate.testing.MigrationFixture.request;
import static io.vfmigrate.testing.MigrationFixture.vm;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.RecordingEventSink;
import org.junit.jupiter.api.Test;

/** A tool that fails between the guards and the transfer: nothing is left claimed or changed. */
class MigrateToolFailuresTest {
  private static final String LIST = "virsh list --all --name";

  @Test
  void aLibvirtThatFailsWhileTheClaimLooksAgainIsARefusalAndNoClaimIsLeft() {
    // How many 'virsh list' dst answers before the claims are written, in a twin lab.
    RecordingEventSink twin = new RecordingEventSink();
    migrate(ready(), request(), twin);
    int before = 0;
    for (Event e : twin.events()) {
      if (e instanceof Event.FileWritten w && w.path().startsWith(Claims.ROOT)) {
        break;
      }
      if (e instanceof Event.CommandRan c
          && c.host().equals("dst")
          && String.join(" ", c.argv()).equals(LIST)) {
        before++;
      }
    }
    Lab lab = ready();
    FaultSpec down = new FaultSpec();
    down.command = LIST;
    down.stderr =
        "error: failed to connect to the hypervisor\n"
            + "error: Failed to connect socket to '/var/run/libvirt/virtqemud-sock': No such file"
            + " or directory\n";
    down.skip = before;
    lab.hostSpec("dst").faults.add(down);

    MigrationResult r = migrate(lab, request());

    assertThat(lab.hostSpec("dst").faults).as("the fault struck").isEmpty();
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.REFUSED);
    assertThat(r.refusals())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.guard()).isEqualTo("tool-failed");
              assertThat(f.reason()).contains("'virsh list --all --name' failed on dst");
            });
    for (String host : new String[] {"src", "dst"}) {
      assertThat(lab.hostSpec(host).files.keySet())
          .as("no claim is left on " + host)
          .noneMatch(f -> f.startsWith(Claims.ROOT));
    }
    assertThat(vm(lab, "src").state).isEqualTo("running");
    assertThat(vm(lab, "dst")).isNull();
  }
}
