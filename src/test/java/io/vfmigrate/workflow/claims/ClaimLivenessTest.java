package io.vfmigrate.workflow.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimLivenessTest {
  private static final Instant SINCE = Instant.parse("2026-12-03T07:46:51Z");
  private final FakeProcesses processes = new FakeProcesses();
  private final ClaimLiveness liveness =
      new ClaimLiveness("ctl1", processes, Set.of("op-ended")::contains);

  private static ClaimOwner owner(String operation, String machine, long pid) {
    return new ClaimOwner(operation, machine, pid, SINCE);
  }

  @Test
  void aProcessOfThisMachineThatRunsHoldsItsClaim() {
    processes.running(100, SINCE.minusSeconds(30));
    assertThat(liveness.of(owner("op-1", "ctl1", 100))).isEqualTo(Liveness.LIVE);
  }

  @Test
  void aProcessWhoseStartIsUnknownIsTakenAtItsWord() {
    processes.runningSinceUnknown(100);
    assertThat(liveness.of(owner("op-1", "ctl1", 100))).isEqualTo(Liveness.LIVE);
  }

  @Test
  void aDeadProcessOfThisMachineLeavesAStaleClaim() {
    processes.running(100, SINCE.minusSeconds(30)).dies(100);
    assertThat(liveness.of(owner("op-1", "ctl1", 100))).isEqualTo(Liveness.STALE);
  }

  @Test
  void aPidReusedByANewerProcessLeavesAStaleClaim() {
    processes.running(100, SINCE.plus(Duration.ofMinutes(5)));
    assertThat(liveness.of(owner("op-1", "ctl1", 100))).isEqualTo(Liveness.STALE);
  }

  @Test
  void aStartWithinTheKernelsSecondOfTheClaimIsTheSameProcess() {
    processes.running(100, SINCE.plusMillis(400));
    assertThat(liveness.of(owner("op-1", "ctl1", 100))).isEqualTo(Liveness.LIVE);
  }

  @Test
  void anotherMachinesClaimIsUnknownNeverStaleByItsPid() {
    // PID 100 does not run here, which says nothing about ctl2.
    assertThat(liveness.of(owner("op-1", "ctl2", 100))).isEqualTo(Liveness.UNKNOWN);
  }

  @Test
  void anotherMachinesClaimIsStaleWhenTheJournalSaysItsOperationEnded() {
    assertThat(liveness.of(owner("op-ended", "ctl2", 100))).isEqualTo(Liveness.STALE);
  }

  @Test
  void anUnreadableClaimIsUnknown() {
    Claim claim =
        new Claim("dst", ClaimKind.VF, "0000:e1:00.1", "/p", Optional.empty(), "the file is empty");
    assertThat(liveness.of(claim)).isEqualTo(Liveness.UNKNOWN);
  }

  @Test
  void theSystemProcessTableSeesThisProcessAndItsStart() {
    ProcessTable system = ProcessTable.system();
    long me = ProcessHandle.current().pid();
    assertThat(system.find(me)).isPresent();
    ClaimLiveness real = new ClaimLiveness("here", system, op -> false);
    assertThat(real.of(new ClaimOwner("op", "here", me, Instant.now()))).isEqualTo(Liveness.LIVE);
  }
}
