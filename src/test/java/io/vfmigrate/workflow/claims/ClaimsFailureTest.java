package io.vfmigrate.workflow.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.HostException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.workflow.claims.Acquisition.Acquired;
import io.vfmigrate.workflow.claims.Acquisition.Refused;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Claims when the hosts misbehave: files that cannot be read or removed, files where directories
 * belong, and refusals that must say exactly what holds the claim and what frees it.
 */
class ClaimsFailureTest {
  private static final Instant NOW = ClaimsFixture.NOW;
  private static final PciAddress PF = PciAddress.parse("0000:e1:00.0");
  private static final PciAddress PF2 = PciAddress.parse("0000:e2:00.0");
  private static final PciAddress VF1 = PciAddress.parse("0000:e1:00.1");
  private static final String VF1_PATH = "/run/vfmigrate/claims/0000:e1:00.1";

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
  void aLiveHoldersRefusalSaysWhichClaimWhoHoldsItAndToWait() {
    claims.acquire(List.of(a), List.of(ClaimRequest.vf("a", VF1)), owner("migrate-9-1", 9));
    Refused refused =
        (Refused) claims.acquire(List.of(a), List.of(ClaimRequest.vf("a", VF1)), owner("op", 10));

    assertThat(refused.anyStale()).isFalse();
    assertThat(refused.releaseProblems()).isEmpty();
    assertThat(refused.reason())
        .isEqualTo(
            "VF 0000:e1:00.1 on a is claimed: "
                + VF1_PATH
                + " on a: held by migrate-9-1 on ctl1, pid 9, since 2026-12-03T07:46:51Z (live)");
    assertThat(refused.fix()).isEqualTo("wait for migrate-9-1 (pid 9) to finish");
  }

  @Test
  void aClaimThatCannotBeReadIsHeldByAnUnknownOwnerToInspect() {
    claims.acquire(List.of(a), List.of(ClaimRequest.vf("a", VF1)), owner("migrate-9-1", 9));
    a.unreadable(VF1_PATH);

    assertThat(Claims.read(a, ClaimKind.VF, VF1.toString()))
        .hasValueSatisfying(
            c -> {
              assertThat(c.owner()).isEmpty();
              assertThat(c.problem()).startsWith("cannot read: ").contains("Permission denied");
            });
    Refused refused =
        (Refused) claims.acquire(List.of(a), List.of(ClaimRequest.vf("a", VF1)), owner("op", 10));
    assertThat(refused.holders()).extracting(Holder::liveness).containsExactly(Liveness.UNKNOWN);
    assertThat(refused.fix())
        .isEqualTo(
            "inspect "
                + VF1_PATH
                + " on a (cat it); remove it by hand only when no vfmigrate run holds it");
    assertThat(claims.removeStale(a)).isEmpty();
  }

  @Test
  void aFileWhereTheSlotsOfAPfBelongIsListedNotIgnored() {
    a.writeFile("/run/vfmigrate/slots/0000:e1:00.0", "junk\n");
    assertThat(Claims.list(a, ClaimKind.SLOT))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.key()).isEqualTo("0000:e1:00.0");
              assertThat(c.owner()).isEmpty();
              assertThat(c.problem()).contains("not key=value");
            });
    assertThat(claims.holders(a, ClaimKind.SLOT))
        .extracting(Holder::liveness)
        .containsExactly(Liveness.UNKNOWN);
    assertThat(claims.holders(a, ClaimKind.VF)).isEmpty();
  }

  @Test
  void theSlotsOfAnotherPfAreNotNamedAsHolders() {
    for (int pid = 1; pid <= 4; pid++) {
      claims.acquire(List.of(a), List.of(ClaimRequest.slot("a", PF)), owner("op-" + pid, pid));
    }
    claims.acquire(List.of(a), List.of(ClaimRequest.slot("a", PF2)), owner("op-9", 9));

    Refused refused =
        (Refused) claims.acquire(List.of(a), List.of(ClaimRequest.slot("a", PF)), owner("op", 5));
    assertThat(refused.holders())
        .extracting(h -> h.claim().key())
        .containsExactly(
            "0000:e1:00.0/slot-1",
            "0000:e1:00.0/slot-2",
            "0000:e1:00.0/slot-3",
            "0000:e1:00.0/slot-4");
  }

  @Test
  void aClaimThatCannotBeRemovedIsReportedWithTheRecoverFixNeverThrown() {
    Acquired got =
        (Acquired) claims.acquire(List.of(a), List.of(ClaimRequest.vf("a", VF1)), owner("op-1", 1));
    a.readOnly();

    assertThat(claims.release(got))
        .singleElement()
        .asString()
        .startsWith("could not remove " + VF1_PATH + " on a: ")
        .contains("Read-only file system")
        .endsWith("; vfmigrate recover removes it once this process has ended");
    assertThat(Claims.list(a)).hasSize(1);
  }

  @Test
  void aClaimAlreadyGoneIsReleasedSilently() {
    Acquired got =
        (Acquired) claims.acquire(List.of(a), List.of(ClaimRequest.vf("a", VF1)), owner("op-1", 1));
    a.deleteFile(VF1_PATH);
    assertThat(claims.release(got)).isEmpty();
  }

  @Test
  void aRefusalAlsoSaysWhatItCouldNotGiveBack() {
    claims.acquire(List.of(b), List.of(ClaimRequest.vf("b", VF1)), owner("migrate-9-1", 9));
    a.readOnly();

    Refused refused =
        (Refused)
            claims.acquire(
                List.of(a, b),
                List.of(ClaimRequest.vf("a", VF1), ClaimRequest.vf("b", VF1)),
                owner("op", 10));
    assertThat(refused.releaseProblems()).singleElement().asString().contains("could not remove");
    assertThat(refused.reason())
        .startsWith("VF 0000:e1:00.1 on b is claimed: ")
        .contains("; also: could not remove " + VF1_PATH + " on a: ");
  }

  @Test
  void aHostThatFailsMidwayAttachesWhatCouldNotBeGivenBackToTheError() {
    a.readOnly();
    MemoryHost broken = new MemoryHost("b", created::add).drop();
    assertThatThrownBy(
            () ->
                claims.acquire(
                    List.of(a, broken),
                    List.of(ClaimRequest.vf("a", VF1), ClaimRequest.vf("b", VF1)),
                    owner("op-1", 1)))
        .isInstanceOf(HostException.class)
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .satisfies(
                        s ->
                            assertThat(s.getMessage()).startsWith("could not remove " + VF1_PATH)));
  }

  @Test
  void theSameVfAskedForTwiceIsNamed() {
    assertThatThrownBy(
            () ->
                claims.acquire(
                    List.of(a),
                    List.of(ClaimRequest.vf("a", VF1), ClaimRequest.vf("a", VF1)),
                    owner("op-1", 1)))
        .hasMessage("VF 0000:e1:00.1 on a is asked for twice");
    assertThat(created).isEmpty();
  }

  @Test
  void theKindsAreKnownByTheirLabels() {
    assertThat(ClaimKind.ofLabel("vf")).contains(ClaimKind.VF);
    assertThat(ClaimKind.ofLabel("slot")).contains(ClaimKind.SLOT);
    assertThat(ClaimKind.ofLabel("mac")).contains(ClaimKind.MAC);
    assertThat(ClaimKind.ofLabel("VF")).isEmpty();
    assertThat(ClaimKind.ofLabel("lock")).isEmpty();
  }

  @Test
  void anOwnerNeedsAPositivePid() {
    assertThatThrownBy(() -> new ClaimOwner("op", "ctl1", 0, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pid must be positive: 0");
    assertThat(new ClaimOwner("op", "ctl1", 1, NOW).pid()).isEqualTo(1);
  }

  @Test
  void aPidOfZeroALineWithoutKeyAndAControlCharacterAreProblemsNamed() {
    String good =
        ClaimFile.render(ClaimKind.VF, "0000:e1:00.1", new ClaimOwner("op", "ctl1", 5, NOW));
    assertThat(ClaimFile.parse(good.replace("pid=5", "pid=0"), ClaimKind.VF, "0000:e1:00.1"))
        .isEqualTo(new ClaimFile.Parsed(java.util.Optional.empty(), "pid=0 is not a process id"));
    assertThat(ClaimFile.parse(good + "=orphan\n", ClaimKind.VF, "0000:e1:00.1"))
        .isEqualTo(
            new ClaimFile.Parsed(java.util.Optional.empty(), "line 8 is not key=value: '=orphan'"));
    assertThat(
            ClaimFile.parse(
                    good.replace("operation=op", "operation=op\u0007x"),
                    ClaimKind.VF,
                    "0000:e1:00.1")
                .problem())
        .startsWith("operation must be one printable line");
  }
}
