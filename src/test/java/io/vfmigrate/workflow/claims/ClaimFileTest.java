package io.vfmigrate.workflow.claims;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.tools.FakeHost;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClaimFileTest {
  private static final ClaimOwner OWNER =
      new ClaimOwner(
          "migrate-4242-81722",
          "ctl1.example.com",
          4242,
          Instant.parse("2026-12-03T07:46:51.123Z"));

  @Test
  void aClaimReadsBackAsWritten() {
    String content = ClaimFile.render(ClaimKind.VF, "0000:e1:00.1", OWNER);
    assertThat(content)
        .contains(
            "kind=vf\n",
            "key=0000:e1:00.1\n",
            "operation=migrate-4242-81722\n",
            "machine=ctl1.example.com\n",
            "pid=4242\n",
            "since=2026-12-03T07:46:51.123Z\n");
    ClaimFile.Parsed parsed = ClaimFile.parse(content, ClaimKind.VF, "0000:e1:00.1");
    assertThat(parsed.owner()).contains(OWNER);
    assertThat(parsed.problem()).isEmpty();
  }

  @Test
  void sinceKeepsMillisecondsOnly() {
    ClaimOwner owner =
        new ClaimOwner("op", "m", 1, Instant.parse("2026-12-03T07:46:51.123456789Z"));
    assertThat(owner.since()).isEqualTo(Instant.parse("2026-12-03T07:46:51.123Z"));
    assertThat(
            ClaimFile.parse(
                    ClaimFile.render(ClaimKind.MAC, "52-54-00-aa-bb-cc", owner),
                    ClaimKind.MAC,
                    "52-54-00-aa-bb-cc")
                .owner())
        .contains(owner);
  }

  @Test
  void commentsBlankLinesSpacesCrlfUnknownKeysAndAMissingKindAreTolerated() {
    String content =
        "# written by hand\r\n\r\n  operation = op-7 \r\nmachine=ctl2\r\npid=77\r\n"
            + "colour=blue\r\nsince=2026-01-02T03:04:05Z";
    ClaimFile.Parsed parsed = ClaimFile.parse(content, ClaimKind.SLOT, "0000:e1:00.0/slot-2");
    assertThat(parsed.owner())
        .contains(new ClaimOwner("op-7", "ctl2", 77, Instant.parse("2026-01-02T03:04:05Z")));
  }

  @Test
  void whatDoesNotIdentifyTheOwnerIsAProblemNamed() {
    String good = ClaimFile.render(ClaimKind.VF, "0000:e1:00.1", OWNER);
    assertProblem("", "empty");
    assertProblem("vm1 from src\n", "not key=value");
    assertProblem(good.replace("operation=migrate-4242-81722\n", ""), "no operation=");
    assertProblem(good.replace("machine=ctl1.example.com\n", "machine=\n"), "no machine=");
    assertProblem(good.replace("pid=4242", "pid=forty"), "pid=forty is not a number");
    assertProblem(good.replace("pid=4242", "pid=-3"), "pid=-3 is not a process id");
    assertProblem(
        good.replace("since=2026-12-03T07:46:51.123Z", "since=yesterday"), "since=yesterday");
    assertProblem(good + "pid=4243\n", "pid= appears twice");
    assertProblem(good.replace("kind=vf", "kind=mac"), "says kind=mac");
    assertProblem(good.replace("key=0000:e1:00.1", "key=0000:e1:00.2"), "says key=0000:e1:00.2");
  }

  private static void assertProblem(String content, String problem) {
    ClaimFile.Parsed parsed = ClaimFile.parse(content, ClaimKind.VF, "0000:e1:00.1");
    assertThat(parsed.owner()).as(content).isEmpty();
    assertThat(parsed.problem()).as(content).contains(problem);
  }

  @Test
  void anUnparseableClaimFileIsListedAsAClaimOfUnknownOwnerAndNeverRemoved() {
    FakeHost host = new FakeHost("dst");
    host.file("/run/vfmigrate/claims/0000:e1:00.1", "vm1 from src\n");
    host.file("/run/vfmigrate/macs/52-54-00-aa-bb-cc", "");
    Claims claims = new Claims(new ClaimLiveness("ctl1", new FakeProcesses(), op -> true));

    assertThat(Claims.list(host))
        .extracting(Claim::kind, Claim::key, Claim::path, Claim::owner)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ClaimKind.VF,
                "0000:e1:00.1",
                "/run/vfmigrate/claims/0000:e1:00.1",
                java.util.Optional.empty()),
            org.assertj.core.groups.Tuple.tuple(
                ClaimKind.MAC,
                "52-54-00-aa-bb-cc",
                "/run/vfmigrate/macs/52-54-00-aa-bb-cc",
                java.util.Optional.empty()));
    assertThat(claims.holders(host)).extracting(Holder::liveness).containsOnly(Liveness.UNKNOWN);
    assertThat(claims.holders(host).get(0).describe())
        .contains("unknown owner (line 1 is not key=value");
    assertThat(claims.removeStale(host)).isEmpty();
    assertThat(host.exists("/run/vfmigrate/claims/0000:e1:00.1")).isTrue();
  }
}
