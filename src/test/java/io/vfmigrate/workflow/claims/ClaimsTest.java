package io.vfmigrate.workflow.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.HostException;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.workflow.claims.Acquisition.Acquired;
import io.vfmigrate.workflow.claims.Acquisition.Refused;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimsTest {
  private static final Instant NOW = ClaimsFixture.NOW;
  private static final PciAddress PF = PciAddress.parse("0000:e1:00.0");
  private static final PciAddress VF1 = PciAddress.parse("0000:e1:00.1");
  private static final PciAddress VF2 = PciAddress.parse("0000:e1:00.2");
  private static final MacAddress MAC = MacAddress.parse("52:54:00:aa:bb:cc");

  private final ClaimsFixture fixture = new ClaimsFixture();
  private final FakeProcesses processes = fixture.processes;
  private final Claims claims = fixture.claims;
  private final List<String> created = fixture.created;
  private final MemoryHost a = fixture.a;
  private final MemoryHost b = fixture.b;

  private ClaimOwner owner(String operation, long pid) {
    return fixture.owner(operation, pid);
  }

  @Test
  void claimsAreTakenInTheFixedOrderHostThenKindThenKey() {
    List<ClaimRequest> shuffled =
        List.of(
            ClaimRequest.mac("b", MAC),
            ClaimRequest.slot("b", PF),
            ClaimRequest.vf("b", VF2),
            ClaimRequest.mac("a", MAC),
            ClaimRequest.vf("b", VF1),
            ClaimRequest.slot("a", PF));
    Acquisition got = claims.acquire(List.of(b, a), shuffled, owner("op-1", 10));

    assertThat(got).isInstanceOf(Acquired.class);
    assertThat(created)
        .containsExactly(
            "a:/run/vfmigrate/slots/0000:e1:00.0/slot-1",
            "a:/run/vfmigrate/macs/52-54-00-aa-bb-cc",
            "b:/run/vfmigrate/claims/0000:e1:00.1",
            "b:/run/vfmigrate/claims/0000:e1:00.2",
            "b:/run/vfmigrate/slots/0000:e1:00.0/slot-1",
            "b:/run/vfmigrate/macs/52-54-00-aa-bb-cc");
    assertThat(Claims.list(b))
        .extracting(Claim::kind, Claim::key)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ClaimKind.VF, "0000:e1:00.1"),
            org.assertj.core.groups.Tuple.tuple(ClaimKind.VF, "0000:e1:00.2"),
            org.assertj.core.groups.Tuple.tuple(ClaimKind.SLOT, "0000:e1:00.0/slot-1"),
            org.assertj.core.groups.Tuple.tuple(ClaimKind.MAC, "52-54-00-aa-bb-cc"));
    assertThat(Claims.list(b))
        .allSatisfy(c -> assertThat(c.owner().get().operation()).isEqualTo("op-1"));

    assertThat(claims.release((Acquired) got)).isEmpty();
    assertThat(Claims.list(a)).isEmpty();
    assertThat(Claims.list(b)).isEmpty();
  }

  @Test
  void aClaimHeldByAnotherRunRefusesNamingItAndReleasesWhatThisCallTook() {
    ClaimOwner other = owner("attach-9-1", 99);
    assertThat(claims.acquire(List.of(b), List.of(ClaimRequest.mac("b", MAC)), other))
        .isInstanceOf(Acquired.class);
    created.clear();

    Acquisition got =
        claims.acquire(
            List.of(a, b),
            List.of(
                ClaimRequest.mac("b", MAC), ClaimRequest.vf("a", VF1), ClaimRequest.mac("a", MAC)),
            owner("attach-10-1", 10));

    assertThat(got).isInstanceOf(Refused.class);
    Refused refused = (Refused) got;
    assertThat(refused.request()).isEqualTo(ClaimRequest.mac("b", MAC));
    assertThat(refused.holders())
        .singleElement()
        .satisfies(h -> assertThat(h.liveness()).isEqualTo(Liveness.LIVE));
    assertThat(refused.reason())
        .contains(
            "MAC 52:54:00:aa:bb:cc is reserved on b",
            "/run/vfmigrate/macs/52-54-00-aa-bb-cc",
            "attach-9-1 on ctl1, pid 99",
            "(live)");
    assertThat(refused.fix()).contains("wait for attach-9-1 (pid 99) to finish");
    assertThat(created)
        .containsExactly(
            "a:/run/vfmigrate/claims/0000:e1:00.1",
            "a:/run/vfmigrate/macs/52-54-00-aa-bb-cc",
            "b:/run/vfmigrate/macs/52-54-00-aa-bb-cc (held)");
    assertThat(Claims.list(a)).as("what this call took on a is released").isEmpty();
    assertThat(Claims.list(b))
        .extracting(c -> c.owner().get().operation())
        .containsExactly("attach-9-1");
  }

  @Test
  void aStaleHolderIsNamedWithTheRecoverFix() {
    ClaimOwner dead = owner("migrate-5-1", 5);
    claims.acquire(List.of(a), List.of(ClaimRequest.vf("a", VF1)), dead);
    processes.dies(5);

    Refused refused =
        (Refused) claims.acquire(List.of(a), List.of(ClaimRequest.vf("a", VF1)), owner("op", 6));
    assertThat(refused.anyStale()).isTrue();
    assertThat(refused.reason())
        .contains("VF 0000:e1:00.1 on a is claimed", "migrate-5-1", "(stale)");
    assertThat(refused.fix()).startsWith("vfmigrate recover");

    assertThat(claims.removeStale(a))
        .extracting(h -> h.claim().key())
        .containsExactly("0000:e1:00.1");
    assertThat(claims.acquire(List.of(a), List.of(ClaimRequest.vf("a", VF1)), owner("op", 6)))
        .isInstanceOf(Acquired.class);
  }

  @Test
  void aPfHasFourSlotsAndTheFifthRunIsRefusedNamingTheHolders() {
    List<Acquired> runs = new ArrayList<>();
    for (int pid = 1; pid <= 4; pid++) {
      runs.add(
          (Acquired)
              claims.acquire(
                  List.of(a), List.of(ClaimRequest.slot("a", PF)), owner("op-" + pid, pid)));
    }
    processes.dies(3);
    Acquisition fifth =
        claims.acquire(List.of(a), List.of(ClaimRequest.slot("a", PF)), owner("op-5", 5));

    assertThat(fifth).isInstanceOf(Refused.class);
    Refused refused = (Refused) fifth;
    assertThat(refused.holders())
        .extracting(
            h -> h.claim().key(), h -> h.claim().owner().get().operation(), Holder::liveness)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("0000:e1:00.0/slot-1", "op-1", Liveness.LIVE),
            org.assertj.core.groups.Tuple.tuple("0000:e1:00.0/slot-2", "op-2", Liveness.LIVE),
            org.assertj.core.groups.Tuple.tuple("0000:e1:00.0/slot-3", "op-3", Liveness.STALE),
            org.assertj.core.groups.Tuple.tuple("0000:e1:00.0/slot-4", "op-4", Liveness.LIVE));
    assertThat(refused.reason())
        .contains("all 4 migration slots of PF 0000:e1:00.0 on a are taken", "pid 3");
    assertThat(refused.fix())
        .contains("vfmigrate recover", "wait for op-1 (pid 1), op-2 (pid 2), op-4 (pid 4)");

    claims.release(runs.get(1));
    Acquired fifthAgain =
        (Acquired)
            claims.acquire(List.of(a), List.of(ClaimRequest.slot("a", PF)), owner("op-5", 5));
    assertThat(fifthAgain.claims())
        .extracting(HeldClaim::key)
        .containsExactly("0000:e1:00.0/slot-2");
  }

  @Test
  void aMigrationTakesTheDestinationVfsAndOneSlotPerVfOnBothPfs() {
    List<ClaimRequest> requests = ClaimRequest.migration("a", PF, "b", PF, List.of(VF1, VF2));
    Acquired got = (Acquired) claims.acquire(List.of(a, b), requests, owner("migrate-1", 1));

    assertThat(got.claims())
        .extracting(HeldClaim::hostName, HeldClaim::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", "/run/vfmigrate/slots/0000:e1:00.0/slot-1"),
            org.assertj.core.groups.Tuple.tuple("a", "/run/vfmigrate/slots/0000:e1:00.0/slot-2"),
            org.assertj.core.groups.Tuple.tuple("b", "/run/vfmigrate/claims/0000:e1:00.1"),
            org.assertj.core.groups.Tuple.tuple("b", "/run/vfmigrate/claims/0000:e1:00.2"),
            org.assertj.core.groups.Tuple.tuple("b", "/run/vfmigrate/slots/0000:e1:00.0/slot-1"),
            org.assertj.core.groups.Tuple.tuple("b", "/run/vfmigrate/slots/0000:e1:00.0/slot-2"));
  }

  @Test
  void releaseLeavesAClaimThatWasClearedAndTakenAgainByAnotherRun() {
    Acquired mine =
        (Acquired) claims.acquire(List.of(a), List.of(ClaimRequest.vf("a", VF1)), owner("op-1", 1));
    a.deleteFile("/run/vfmigrate/claims/0000:e1:00.1");
    claims.acquire(List.of(a), List.of(ClaimRequest.vf("a", VF1)), owner("op-2", 2));

    assertThat(claims.release(mine)).singleElement().asString().contains("left it");
    assertThat(Claims.list(a)).extracting(c -> c.owner().get().operation()).containsExactly("op-2");
  }

  @Test
  void aHostThatFailsMidwayGetsBackWhatWasTakenAndTheErrorIsThrown() {
    MemoryHost broken = new MemoryHost("b", created::add).drop();
    assertThatThrownBy(
            () ->
                claims.acquire(
                    List.of(a, broken),
                    List.of(ClaimRequest.vf("a", VF1), ClaimRequest.vf("b", VF1)),
                    owner("op-1", 1)))
        .isInstanceOf(HostException.class);
    assertThat(Claims.list(a)).isEmpty();
  }

  @Test
  void theSameVfOrMacAskedForTwiceIsAProgrammingError() {
    assertThatThrownBy(
            () ->
                claims.acquire(
                    List.of(a),
                    List.of(ClaimRequest.vf("a", VF1), ClaimRequest.vf("a", VF1)),
                    owner("op-1", 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> claims.acquire(List.of(a), List.of(ClaimRequest.vf("c", VF1)), owner("op-1", 1)))
        .hasMessageContaining("no host c");
  }

  @Test
  void anotherMachinesClaimIsNeverRemovedAsStale() {
    ClaimOwner remote = new ClaimOwner("op-r", "ctl2", 1234, NOW);
    claims.acquire(List.of(a), List.of(ClaimRequest.vf("a", VF1)), remote);
    assertThat(claims.holders(a)).extracting(Holder::liveness).containsExactly(Liveness.UNKNOWN);
    assertThat(claims.removeStale(a)).isEmpty();
    assertThat(Holder.fix(claims.holders(a))).contains("op-r on ctl2", "vfmigrate recover on ctl2");

    Claims withJournal = new Claims(claims.liveness().withOperationEnded(Set.of("op-r")::contains));
    assertThat(withJournal.removeStale(a)).hasSize(1);
    assertThat(Claims.list(a)).isEmpty();
  }
}
