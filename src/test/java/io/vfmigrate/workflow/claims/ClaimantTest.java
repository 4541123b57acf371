package io.vfmigrate.workflow.claims;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.claims.Acquisition.Acquired;
import io.vfmigrate.workflow.event.EventSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An operation taking claims as this process: who the claims name, and giving them back. */
class ClaimantTest {
  private static final Instant NOW = Instant.parse("2026-12-03T07:46:51.123Z");
  private static final PciAddress VF1 = PciAddress.parse("0000:e1:00.1");

  @Test
  void theClaimsNameTheOperationThisMachineThisProcessAndTheTimeTaken() {
    ControlProcess process = new ControlProcess("ctl1", 4242, Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(process.owner("attach-1")).isEqualTo(new ClaimOwner("attach-1", "ctl1", 4242, NOW));

    Claims claims = new Claims(new ClaimLiveness("ctl1", new FakeProcesses(), op -> false));
    Claimant claimant = new Claimant(claims, process, "attach-1");
    assertThat(claimant.liveness()).isSameAs(claims.liveness());
    assertThat(claimant.owner()).isEqualTo(process.owner("attach-1"));

    Fleet fleet = TestLab.fleet(TestLab.defaultLab(), EventSink.none());
    Acquired got = (Acquired) claimant.acquire(fleet, List.of(ClaimRequest.vf("dst", VF1)));
    assertThat(got.owner()).isEqualTo(new ClaimOwner("attach-1", "ctl1", 4242, NOW));
    assertThat(Claims.list(fleet.get("dst").host()))
        .singleElement()
        .satisfies(c -> assertThat(c.owner()).contains(got.owner()));

    assertThat(claimant.release(got)).isEmpty();
    assertThat(Claims.list(fleet.get("dst").host())).isEmpty();
  }

  @Test
  void thisProcessIsItsPidOnThisMachinesHostnameAndItsOwnClaimsAreLive() throws IOException {
    ControlProcess current = ControlProcess.current();
    assertThat(current.pid()).isEqualTo(ProcessHandle.current().pid());
    Path hostname = Path.of("/proc/sys/kernel/hostname");
    if (Files.isReadable(hostname)) {
      assertThat(current.machine()).isEqualTo(Files.readString(hostname).strip());
    }
    assertThat(current.machine()).isNotBlank().isEqualTo(ControlProcess.hostname());

    Claimant claimant = Claimant.forOperation("migrate-1");
    assertThat(claimant.operation()).isEqualTo("migrate-1");
    assertThat(claimant.owner().pid()).isEqualTo(current.pid());
    assertThat(claimant.liveness().machine()).isEqualTo(current.machine());
    assertThat(Claims.onThisMachine().liveness().machine()).isEqualTo(current.machine());
    assertThat(claimant.liveness().of(claimant.owner())).isEqualTo(Liveness.LIVE);
    assertThat(
            ClaimLiveness.onThisMachine()
                .of(new ClaimOwner("op", "another-machine", current.pid(), Instant.now())))
        .as("no journal: another machine's claim is never judged ended")
        .isEqualTo(Liveness.UNKNOWN);
  }

  @Test
  void aProvisionalOperationIdIsTheKindThisPidAndAUniqueNumber() {
    String first = ControlProcess.provisionalOperationId("attach");
    String second = ControlProcess.provisionalOperationId("attach");
    assertThat(first).matches("attach-" + ProcessHandle.current().pid() + "-\\d+");
    assertThat(second).isNotEqualTo(first);
  }
}
