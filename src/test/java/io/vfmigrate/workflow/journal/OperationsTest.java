package io.vfmigrate.workflow.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.claims.ProcessTable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperationsTest {
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
  private final InMemoryJournal journal = new InMemoryJournal();
  private final Map<Long, Instant> running = new HashMap<>();
  private final ProcessTable table =
      pid ->
          Optional.ofNullable(running.get(pid))
              .map(start -> new ProcessTable.RunningProcess(pid, Optional.of(start)));
  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

  private Operations as(long pid) {
    running.putIfAbsent(pid, T0.minusSeconds(5));
    return new Operations(journal, clock, pid, new ClaimLiveness("ctl1", table, op -> false));
  }

  @Test
  void anInterruptedOperationBlocksItsVmAndHostsUntilRecovered() {
    String id = as(100).begin(OperationKind.MIGRATE, Optional.of("vm1"), List.of("src", "dst"), "");
    running.remove(100L);
    Operations next = as(200);
    assertThatThrownBy(
            () -> next.begin(OperationKind.ATTACH, Optional.of("vm1"), List.of("src"), ""))
        .isInstanceOf(NotReadyException.class)
        .hasMessageContaining(id)
        .hasMessageContaining("interrupted")
        .satisfies(e -> assertThat(((NotReadyException) e).fix()).contains("vfmigrate recover"));
    assertThatThrownBy(
            () -> next.begin(OperationKind.PREPARE, Optional.empty(), List.of("dst"), ""))
        .isInstanceOf(NotReadyException.class);
    // Another host is not blocked.
    next.begin(OperationKind.PREPARE, Optional.empty(), List.of("third"), "");
    journal.end(id, OperationEnd.of("rolled-back", T0, "recovered"));
    next.begin(OperationKind.ATTACH, Optional.of("vm1"), List.of("src"), "");
  }

  @Test
  void aLiveOperationBlocksItsVmButNotItsHosts() {
    as(100).begin(OperationKind.MIGRATE, Optional.of("vm1"), List.of("src", "dst"), "");
    Operations other = as(200);
    assertThatThrownBy(
            () -> other.begin(OperationKind.MIGRATE, Optional.of("vm1"), List.of("src", "dst"), ""))
        .isInstanceOf(NotReadyException.class)
        .hasMessageContaining("is running now");
    other.begin(OperationKind.MIGRATE, Optional.of("vm2"), List.of("src", "dst"), "");
  }

  @Test
  void aReusedPidIsNotTheOwner() {
    OperationRecord op =
        journal
            .operation(as(100).begin(OperationKind.MIGRATE, Optional.of("vm1"), List.of("src"), ""))
            .orElseThrow();
    Operations me = as(300);
    assertThat(me.dead(op)).isFalse();
    running.put(100L, T0.plusSeconds(60));
    assertThat(me.dead(op)).isTrue();
    running.remove(100L);
    assertThat(me.dead(op)).isTrue();
  }

  @Test
  void anOperationOfAnotherMachineIsNeverTakenForDead() {
    String id =
        journal.begin(
            new OperationStart(
                OperationKind.MIGRATE, Optional.of("vm1"), List.of("src"), T0, "ctl2", 100, ""));
    assertThat(as(200).dead(journal.operation(id).orElseThrow())).isFalse();
  }
}
