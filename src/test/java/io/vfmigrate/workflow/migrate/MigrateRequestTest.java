package io.vfmigrate.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.InvalidInputException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What {@code vfmigrate migrate VM --from A --to B} asks with no other option, each option the
 * builder names, and the timeouts and names it refuses.
 */
class MigrateRequestTest {
  @Test
  void withNoOptionItIsAVerifiedPreCopyWithTheDefaultLimits() {
    MigrateRequest r = MigrateRequest.builder("vm1", "src", "dst").build();

    assertThat(r)
        .isEqualTo(
            new MigrateRequest(
                "vm1",
                "src",
                "dst",
                false,
                Optional.empty(),
                true,
                false,
                false,
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                false,
                false,
                Optional.empty()));
  }

  @Test
  void eachOptionSetsItsOwnField() {
    MigrateRequest r =
        MigrateRequest.builder("vm1", "src", "dst")
            .dryRun(true)
            .timeout(Duration.ofMinutes(3))
            .verify(false)
            .postcopy(true)
            .tunnelled(true)
            .maxDowntime(Duration.ofMillis(900))
            .stallTimeout(Duration.ofSeconds(45))
            .copyStorageAll(true)
            .noParallel(true)
            .parallelConnections(Optional.of(4))
            .build();

    assertThat(r)
        .isEqualTo(
            new MigrateRequest(
                "vm1",
                "src",
                "dst",
                true,
                Optional.of(Duration.ofMinutes(3)),
                false,
                true,
                true,
                Duration.ofMillis(900),
                Duration.ofSeconds(45),
                true,
                true,
                Optional.of(4)));
    assertThat(
            MigrateRequest.builder("vm1", "src", "dst").timeout(Optional.empty()).build().timeout())
        .isEmpty();
  }

  @Test
  void aTimeoutOfAWeekIsTheLongestAllowed() {
    Duration week = Duration.ofDays(7);
    assertThat(MigrateRequest.builder("vm1", "src", "dst").timeout(week).build().timeout())
        .contains(week);
    assertThat(
            MigrateRequest.builder("vm1", "src", "dst").stallTimeout(week).build().stallTimeout())
        .isEqualTo(week);

    for (MigrateRequest.Builder tooLong :
        new MigrateRequest.Builder[] {
          MigrateRequest.builder("vm1", "src", "dst").timeout(week.plusSeconds(1)),
          MigrateRequest.builder("vm1", "src", "dst").stallTimeout(week.plusSeconds(1))
        }) {
      assertThatThrownBy(tooLong::build)
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("A migration timeout above 7 days is not a timeout.")
          .satisfies(
              e ->
                  assertThat(((InvalidInputException) e).fix())
                      .isEqualTo("give at most 604800 s."));
    }
  }

  @Test
  void namesThatAreNotNamesAreRefused() {
    assertThatThrownBy(() -> MigrateRequest.builder("vm 1", "src", "dst").build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> MigrateRequest.builder("vm1", "src;reboot", "dst").build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> MigrateRequest.builder("vm1", "src", "-dst").build())
        .isInstanceOf(InvalidInputException.class);
  }
}
